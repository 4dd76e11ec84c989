package jp.jukihub.portal;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The notice lane's pass over the audit trail: each chain's records after its cursor, a batch per
 * transaction, read with the cursor's time as well as its seq so the time index bounds the read
 * (and prunes the months before it). A provision the requester recorded becomes a {@code provided}
 * notice, a register write a {@code record_changed}; every other record only moves the cursor.
 *
 * <p>Records of one chain commit in seq order (the writer moves the chain head in each batch's
 * transaction), so a record the cursor has passed was visible when it passed: none is skipped.
 */
final class AuditNoticeScan {
  // The requester's side of an exchange; the provider's (provision.provide) repeats its facts.
  private static final Set<String> PROVISIONS =
      Set.of("provision.query", "provision.queries-batch", "provision.household-check");
  private static final String REGISTER = "register.";
  private static final Set<String> REGISTER_READS = Set.of("register.history");

  private static final String CHAINS = "SELECT chain FROM audit.chain_head ORDER BY chain";
  private static final String RECORDS =
      "SELECT chain, seq, occurred_at, body_id, route, affair, subject, fields[1] AS item,"
          + " outcome, counterpart FROM audit.record"
          + " WHERE occurred_at >= $1 AND chain = $2 AND seq > $3"
          + " ORDER BY occurred_at, chain, seq LIMIT $4";
  // Before a chain's first pass: earlier than any record.
  private static final ScanCursors.Position GENESIS =
      new ScanCursors.Position(null, 0L, Instant.EPOCH);

  private final Pool audit;
  private final int batch;

  AuditNoticeScan(Pool audit, int batch) {
    this.audit = audit;
    this.batch = batch;
  }

  /** Reads every chain up to its head; {@code now} dates the notices made. */
  Future<NoticeLane.Created> run(Instant now) {
    return audit
        .preparedQuery(CHAINS)
        .execute()
        .compose(
            rows -> {
              Future<NoticeLane.Created> done = Future.succeededFuture(NoticeLane.Created.NONE);
              for (Row row : rows) {
                String chain = row.getString(0);
                done = done.compose(before -> chain(chain, now).map(before::plus));
              }
              return done;
            });
  }

  /**
   * One chain, a batch per transaction: the cursor, the records after it, their notices and the
   * cursor moved past them commit together. The scan itself keeps no position.
   */
  private Future<NoticeLane.Created> chain(String chain, Instant now) {
    String name = "audit:" + chain;
    return Batches.run(
        name,
        cursor -> audit.withTransaction(connection -> nextBatch(connection, chain, cursor, now)));
  }

  private Future<Batches.Done<String>> nextBatch(
      SqlConnection connection, String chain, String name, Instant now) {
    return ScanCursors.read(connection, name)
        .compose(
            cursor -> {
              ScanCursors.Position from = cursor.orElse(GENESIS);
              return connection
                  .preparedQuery(RECORDS)
                  .execute(Tuple.of(NoticeInserts.utc(from.at()), chain, from.seq(), batch));
            })
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Future.succeededFuture(
                    new Batches.Done<String>(NoticeLane.Created.NONE, null));
              }
              ScanCursors.Position last = null;
              List<NewNotice> notices = new ArrayList<>();
              for (Row row : rows) {
                last =
                    new ScanCursors.Position(
                        chain,
                        row.getLong("seq"),
                        row.getOffsetDateTime("occurred_at").toInstant());
                noticeOf(row, last).ifPresent(notices::add);
              }
              ScanCursors.Position to = last;
              String next = rows.size() < batch ? null : name;
              return NoticeInserts.insert(connection, notices, now)
                  .compose(
                      created ->
                          ScanCursors.advance(connection, name, to)
                              .map(new Batches.Done<>(created, next)));
            });
  }

  private static Optional<NewNotice> noticeOf(Row row, ScanCursors.Position at) {
    String route = row.getString("route");
    Long subject = row.getLong("subject");
    if (subject == null || !"ok".equals(row.getString("outcome"))) {
      return Optional.empty();
    }
    String source = "audit:" + at.chain() + ":" + at.seq();
    if (PROVISIONS.contains(route)) {
      return Optional.of(
          new NewNotice(
              subject,
              NoticeKind.PROVIDED,
              source,
              at.at(),
              row.getString("body_id"),
              row.getString("counterpart"),
              row.getString("item"),
              row.getString("affair"),
              null));
    }
    if (route.startsWith(REGISTER) && !REGISTER_READS.contains(route)) {
      return Optional.of(
          new NewNotice(
              subject,
              NoticeKind.RECORD_CHANGED,
              source,
              at.at(),
              row.getString("body_id"),
              null,
              null,
              row.getString("affair"),
              route));
    }
    return Optional.empty();
  }
}
