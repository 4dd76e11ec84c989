package jp.jukihub.gateway.law;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import jp.jukihub.error.ErrorCode;

/**
 * Counts lookups the law table refused, as {@code hub.law.denials} by {@code reason} ({@code
 * affair_not_permitted}: no such row for the caller, or a key the row does not allow; {@code
 * out_of_scope}: a subject outside the row's scope, or unknown) and {@code table} (1-6, the row's
 * table of 住基法; {@code none} when the caller named no row of its own). Fed where a problem becomes
 * an answer, so single lookups and each line of a batch count alike.
 *
 * <p>Not tagged by body: the registry holds every municipality in production, and the audit trail
 * already says who was refused.
 */
public final class LawDenials {
  private final LawTable table;
  private final MeterRegistry registry;
  private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();

  public LawDenials(LawTable table, MeterRegistry registry) {
    this.table = table;
    this.registry = registry;
    // Every series exists at zero from the start, so rate() sees the first denial.
    for (String reason : new String[] {"affair_not_permitted", "out_of_scope"}) {
      for (String tableTag : new String[] {"1", "2", "3", "4", "5", "6", "none"}) {
        counter(reason, tableTag);
      }
    }
  }

  /**
   * Counts the answer {@code code} if the law table gave it (null: answered); {@code rowId} is the
   * row the caller was matched to, if any.
   */
  public void answered(ErrorCode code, Optional<String> rowId) {
    if (code == null) {
      return;
    }
    String reason =
        switch (code) {
          case AFFAIR_NOT_PERMITTED -> "affair_not_permitted";
          case OUT_OF_SCOPE -> "out_of_scope";
          default -> null;
        };
    if (reason == null) {
      return;
    }
    // Only a row of the table names the table: the caller's own words never become a tag.
    String tableTag =
        rowId.flatMap(table::row).map(row -> String.valueOf(row.table())).orElse("none");
    counter(reason, tableTag).increment();
  }

  private Counter counter(String reason, String tableTag) {
    return counters.computeIfAbsent(
        reason + '|' + tableTag,
        key ->
            Counter.builder("hub.law.denials")
                .description("lookups the law table refused, by reason and table")
                .tag("reason", reason)
                .tag("table", tableTag)
                .register(registry));
  }
}
