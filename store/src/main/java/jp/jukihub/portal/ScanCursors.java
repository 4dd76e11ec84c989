package jp.jukihub.portal;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.Optional;

/** Where each of the notice lane's scans stopped ({@code portal.notice_cursor}). */
final class ScanCursors {
  // In an audit chain's batch transaction the row stays locked: a lane on another node reads the
  // cursor only once this batch has moved it, so nodes take turns on a chain instead of reading
  // the same records again. (Read outside a transaction, the lock ends with the statement.)
  private static final String READ =
      "SELECT chain, seq, at FROM portal.notice_cursor WHERE name = $1 FOR UPDATE";
  // Never moves back: a lane that read an older cursor (another node's, before its commit) would
  // otherwise make the next pass read again what is already noticed.
  private static final String ADVANCE =
      "INSERT INTO portal.notice_cursor (name, chain, seq, at) VALUES ($1, $2, $3, $4)"
          + " ON CONFLICT (name) DO UPDATE SET chain = EXCLUDED.chain, seq = EXCLUDED.seq,"
          + " at = EXCLUDED.at"
          + " WHERE (portal.notice_cursor.at, coalesce(portal.notice_cursor.seq, 0))"
          + " < (EXCLUDED.at, coalesce(EXCLUDED.seq, 0))";

  /**
   * A scan's position.
   *
   * @param chain the audit chain, for a chain's scan
   * @param seq the last record read of that chain
   * @param at that record's time; for a certificate scan, the time it looked up to
   */
  record Position(String chain, Long seq, Instant at) {}

  private ScanCursors() {}

  static Future<Optional<Position>> read(SqlClient client, String name) {
    return client
        .preparedQuery(READ)
        .execute(Tuple.of(name))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return Optional.<Position>empty();
              }
              Row row = rows.iterator().next();
              return Optional.of(
                  new Position(
                      row.getString("chain"),
                      row.getLong("seq"),
                      row.getOffsetDateTime("at").toInstant()));
            });
  }

  static Future<Void> advance(SqlClient client, String name, Position to) {
    return client
        .preparedQuery(ADVANCE)
        .execute(Tuple.of(name, to.chain(), to.seq(), NoticeInserts.utc(to.at())))
        .mapEmpty();
  }
}
