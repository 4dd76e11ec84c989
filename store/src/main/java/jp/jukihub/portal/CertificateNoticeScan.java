package jp.jukihub.portal;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import jp.jukihub.jpki.CrlReason;

/**
 * The notice lane's passes over J-LIS's certificates (national database): revocations since the
 * last pass, and certificates in force whose end has come within the horizon since the last pass.
 * Each reads in pages by (time, serial) and inserts each page's notices in the audit database; the
 * page that ends the scan moves its cursor in the same transaction. Both scans look back a little
 * before where the last one stopped: a revocation is dated when its statement ran, which may be a
 * moment before it commits, and the hub's clock and the database's may differ a little. What the
 * overlap reads again is already noticed and skipped.
 */
final class CertificateNoticeScan {
  static final Duration OVERLAP = Duration.ofMinutes(10);

  /** How long before a certificate ends its holder is told. */
  static final Duration HORIZON = Duration.ofDays(90);

  // Each page: "after (time, serial)", up to a bound. The plain time bound lets the partial index
  // start at the page; the row comparison orders certificates of the same instant.
  private static final String REVOKED_PAGE =
      "SELECT serial, type, person_id, lg_code, revoked_at AS at, reason FROM jpki.certificate"
          + " WHERE revoked_at >= $1 AND (revoked_at, serial) > ($1, $2) AND revoked_at <= $3"
          + " ORDER BY revoked_at, serial LIMIT $4";
  private static final String EXPIRING_PAGE =
      "SELECT serial, type, person_id, lg_code, not_after AS at FROM jpki.certificate"
          + " WHERE revoked_at IS NULL AND not_after >= $1 AND (not_after, serial) > ($1, $2)"
          + " AND not_after <= $3 ORDER BY not_after, serial LIMIT $4";
  private static final Instant NO_END = Instant.parse("9999-01-01T00:00:00Z");

  /** One of the scans: its cursor's name, its page statement, and the notice a row makes. */
  private record Scan(String cursor, String page, Function<Row, NewNotice> notice) {}

  private static final Scan REVOCATIONS =
      new Scan("revoked", REVOKED_PAGE, CertificateNoticeScan::revoked);
  private static final Scan EXPIRIES =
      new Scan("expiring", EXPIRING_PAGE, CertificateNoticeScan::expiring);

  /**
   * What one pass of a scan reads: after {@code first} up to {@code upTo}; {@code reached} is what
   * its cursor then says.
   */
  private record Range(After first, Instant upTo, Instant reached) {}

  /** Where a page starts: after this (time, serial). */
  private record After(Instant at, long serial) {}

  private final Pool national;
  private final Pool audit;
  private final int batch;

  CertificateNoticeScan(Pool national, Pool audit, int batch) {
    this.national = national;
    this.audit = audit;
    this.batch = batch;
  }

  /** Revocations since the last pass began (all of them the first time). */
  Future<NoticeLane.Created> revocations(Instant now) {
    return ScanCursors.read(audit, REVOCATIONS.cursor())
        .compose(
            cursor -> {
              Instant from = cursor.map(c -> c.at().minus(OVERLAP)).orElse(Instant.EPOCH);
              return scan(REVOCATIONS, new Range(new After(from, 0), NO_END, now), now);
            });
  }

  /**
   * Certificates in force that end within {@link #HORIZON} of {@code now} and did not already at
   * the last pass: only the newly entered are read.
   */
  Future<NoticeLane.Created> expiring(Instant now) {
    Instant horizon = now.plus(HORIZON);
    return ScanCursors.read(audit, EXPIRIES.cursor())
        .compose(
            cursor -> {
              Instant from =
                  cursor
                      .map(c -> c.at().minus(OVERLAP))
                      .filter(start -> start.isAfter(now))
                      .orElse(now);
              // After (from, the largest serial): strictly after from, as an ended certificate is.
              After first = new After(from, Long.MAX_VALUE);
              return scan(EXPIRIES, new Range(first, horizon, horizon), now);
            });
  }

  private Future<NoticeLane.Created> scan(Scan scan, Range range, Instant now) {
    return Batches.run(range.first(), after -> page(scan, range, after, now));
  }

  /** Reads a page and inserts its notices; the last page also moves the cursor. */
  private Future<Batches.Done<After>> page(Scan scan, Range range, After after, Instant now) {
    Tuple params =
        Tuple.of(
            NoticeInserts.utc(after.at()), after.serial(), NoticeInserts.utc(range.upTo()), batch);
    return national
        .preparedQuery(scan.page())
        .execute(params)
        .compose(
            rows -> {
              List<NewNotice> notices = new ArrayList<>(rows.size());
              After last = after;
              for (Row row : rows) {
                notices.add(scan.notice().apply(row));
                last = new After(row.getOffsetDateTime("at").toInstant(), row.getLong("serial"));
              }
              After next = rows.size() < batch ? null : last;
              return audit.withTransaction(
                  connection ->
                      NoticeInserts.insert(connection, notices, now)
                          .compose(
                              created ->
                                  next != null
                                      ? Future.succeededFuture(new Batches.Done<>(created, next))
                                      : ScanCursors.advance(
                                              connection,
                                              scan.cursor(),
                                              new ScanCursors.Position(null, null, range.reached()))
                                          .map(new Batches.Done<After>(created, null))));
            });
  }

  private static NewNotice revoked(Row row) {
    return new NewNotice(
        row.getLong("person_id"),
        NoticeKind.CERTIFICATE_REVOKED,
        "revoked:" + row.getLong("serial"),
        row.getOffsetDateTime("at").toInstant(),
        municipality(row),
        null,
        null,
        null,
        row.getString("type") + ":" + CrlReason.name(row.getShort("reason")));
  }

  private static NewNotice expiring(Row row) {
    return new NewNotice(
        row.getLong("person_id"),
        NoticeKind.CERTIFICATE_EXPIRING,
        "expiring:" + row.getLong("serial"),
        row.getOffsetDateTime("at").toInstant(),
        null,
        null,
        null,
        null,
        row.getString("type"));
  }

  /** The issuing municipality, as the body registry names it. */
  private static String municipality(Row row) {
    return "lg-" + row.getString("lg_code").trim();
  }
}
