package jp.jukihub.gateway.provision;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;

/**
 * The exchange's counters: {@code hub.provision.queries} by {@code item} and {@code outcome} (ok or
 * the problem code), {@code hub.provision.tokens} by {@code source} ({@code request}; the
 * register's lane counts {@code register}) and {@code outcome} (acquired, refused, failed), {@code
 * hub.provision.copies} by {@code item} and {@code action}. Items are the data standard's few ids;
 * anything else a caller names (or none) counts as {@code other}, so no caller's words become a
 * tag.
 *
 * <p>The series the dashboard and the alerts read are there from the start at zero (each item's
 * queries answered ok and with a server-side failure, the API's token outcomes, each item's copies
 * registered and withdrawn), so the first failure is an increase a rate sees, not a new series.
 */
final class ProvisionMeters {
  /** A query's server-side outcomes (5xx): what alert JukiHubProvisionQueriesFailing counts. */
  private static final List<ErrorCode> SERVER_FAILURES =
      List.of(ErrorCode.AUDIT_UNAVAILABLE, ErrorCode.STORE_UNAVAILABLE, ErrorCode.INTERNAL);

  private static final String QUERIES = "hub.provision.queries";
  private static final String TOKENS = "hub.provision.tokens";
  private static final String COPIES = "hub.provision.copies";

  private final MeterRegistry registry;
  private final Set<String> items;
  private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();

  ProvisionMeters(MeterRegistry registry, Set<String> items) {
    this.registry = registry;
    this.items = Set.copyOf(items);
    for (String item : this.items) {
      counter(QUERIES, "item", item, "outcome", "ok");
      SERVER_FAILURES.forEach(code -> counter(QUERIES, "item", item, "outcome", code.name()));
      counter(COPIES, "item", item, "action", "registered");
      counter(COPIES, "item", item, "action", "withdrawn");
    }
    for (String outcome : List.of("acquired", "refused", "failed")) {
      counter(TOKENS, "source", "request", "outcome", outcome);
    }
  }

  /**
   * A query as it left: answered ({@code problem} null) or refused, its records kept or not; {@code
   * item} as the caller named it.
   */
  void query(String item, ErrorCode problem) {
    counter(QUERIES, "item", item(item), "outcome", problem == null ? "ok" : problem.name())
        .increment();
  }

  /** As the register's lane counts: acquired (new or again), refused (4xx), failed. */
  void token(Throwable failure) {
    String outcome =
        failure == null
            ? "acquired"
            : failure instanceof HubException hub
                    && hub.code().category() != ErrorCode.Category.UNAVAILABLE
                    && hub.code().category() != ErrorCode.Category.INTERNAL
                ? "refused"
                : "failed";
    counter(TOKENS, "source", "request", "outcome", outcome).increment();
  }

  void copy(String item, String action) {
    counter(COPIES, "item", item(item), "action", action).increment();
  }

  private String item(String item) {
    return item != null && items.contains(item) ? item : "other";
  }

  private Counter counter(String name, String key, String value, String key2, String value2) {
    return counters.computeIfAbsent(
        name + '|' + value + '|' + value2,
        ignored ->
            Counter.builder(name)
                .description(description(name))
                .tag(key, value)
                .tag(key2, value2)
                .register(registry));
  }

  private static String description(String name) {
    return switch (name) {
      case QUERIES -> "queries between bodies, by item and outcome";
      // The register's lane registers the same meter: one description for both.
      case TOKENS ->
          "token acquisitions: acquired (new), repeated (already there), refused by the network,"
              + " failed (an attempt that will be retried)";
      default -> "copies registered and withdrawn on the intermediate servers, by item";
    };
  }
}
