package jp.jukihub.jpki;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jp.jukihub.database.SqlFailures;
import jp.jukihub.database.StorePool;

/**
 * Relying parties' checks per month, what J-LIS's fees are computed from. The gateway counts in
 * memory and adds its counts here every few seconds, so a check costs no write of its own.
 */
public final class UsageLedger {
  /** Checks of one kind (ocsp, crl, verify) on one certificate type by one relying party. */
  public record Count(
      String corporateNumber,
      LocalDate month,
      String checkKind,
      String certificateType,
      long checks) {}

  private static final String ADD =
      "INSERT INTO jpki.usage (corporate_number, month, check_kind, certificate_type, checks)"
          + " SELECT * FROM unnest($1::text[], $2::date[], $3::text[], $4::text[], $5::bigint[])"
          + " ON CONFLICT (corporate_number, month, check_kind, certificate_type)"
          + " DO UPDATE SET checks = jpki.usage.checks + EXCLUDED.checks";

  private static final String MONTH =
      "SELECT corporate_number, month, check_kind, certificate_type, checks FROM jpki.usage"
          + " WHERE month = $1 AND ($2::text IS NULL OR corporate_number = $2)"
          + " ORDER BY corporate_number, check_kind, certificate_type";

  private final Pool national;

  public UsageLedger(StorePool national) {
    this.national = national.pool();
  }

  public Future<Void> add(List<Count> counts) {
    if (counts.isEmpty()) {
      return Future.succeededFuture();
    }
    int n = counts.size();
    String[] parties = new String[n];
    LocalDate[] months = new LocalDate[n];
    String[] kinds = new String[n];
    String[] types = new String[n];
    Long[] checks = new Long[n];
    for (int i = 0; i < n; i++) {
      Count count = counts.get(i);
      parties[i] = count.corporateNumber();
      months[i] = count.month();
      kinds[i] = count.checkKind();
      types[i] = count.certificateType();
      checks[i] = count.checks();
    }
    Tuple args =
        Tuple.tuple()
            .addArrayOfString(parties)
            .addArrayOfLocalDate(months)
            .addArrayOfString(kinds)
            .addArrayOfString(types)
            .addArrayOfLong(checks);
    return national
        .preparedQuery(ADD)
        .execute(args)
        .<Void>mapEmpty()
        .recover(failure -> SqlFailures.unavailable("the usage counts could not be kept", failure));
  }

  /** A month's counts, of every relying party or of one. */
  public Future<List<Count>> month(LocalDate month, Optional<String> corporateNumber) {
    return national
        .preparedQuery(MONTH)
        .execute(Tuple.of(month, corporateNumber.orElse(null)))
        .map(
            rows -> {
              List<Count> counts = new ArrayList<>(rows.size());
              rows.forEach(
                  row ->
                      counts.add(
                          new Count(
                              row.getString(0),
                              row.getLocalDate(1),
                              row.getString(2),
                              row.getString(3),
                              row.getLong(4))));
              return counts;
            })
        .recover(failure -> SqlFailures.unavailable("the usage counts could not be read", failure));
  }
}
