package jp.jukihub.jpki;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The CRLs' side of the certificate store (blocking JDBC, off the event loop): each scope's entries
 * and what they amount to, and the CRL numbers. Used through {@link RevocationSession}, which owns
 * the connection.
 */
public final class CrlLedger {
  /**
   * What a scope's CRL lists, summed up: how many entries and the newest revocation among them. A
   * late-committing revocation (numbered before the newest) still changes the count, and so does a
   * certificate that expires and leaves the list.
   */
  public record Contents(long entries, long newestSeq) {}

  /** Receives a CRL's entries one at a time: a million of them need not be held twice. */
  public interface EntrySink {
    void accept(long serial, Instant revokedAt, int reason);
  }

  private CrlLedger() {}

  /** What every scope's CRL must list now (revoked, not yet expired), whole types included. */
  static Map<CrlScope, Contents> contents(Connection connection, Instant now) throws SQLException {
    Map<CrlScope, Contents> contents = new HashMap<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT type, shard, count(*), max(revocation_seq) FROM jpki.certificate"
                + " WHERE revoked_at IS NOT NULL AND not_after > ? GROUP BY type, shard")) {
      statement.setTimestamp(1, Timestamp.from(now));
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          Contents shard = new Contents(rows.getLong(3), rows.getLong(4));
          contents.put(new CrlScope(rows.getString(1), rows.getShort(2)), shard);
          contents.merge(
              new CrlScope(rows.getString(1), CrlScope.WHOLE),
              shard,
              (a, b) ->
                  new Contents(a.entries() + b.entries(), Math.max(a.newestSeq(), b.newestSeq())));
        }
      }
    }
    return contents;
  }

  /**
   * Streams the scope's entries (revoked certificates not yet expired) and returns what they were,
   * read in the same snapshot.
   */
  static Contents eachEntry(Connection connection, CrlScope scope, Instant now, EntrySink sink)
      throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false); // the driver streams (fetch size) only inside a transaction
    String sql =
        "SELECT serial, revoked_at, reason, revocation_seq FROM jpki.certificate"
            + " WHERE revoked_at IS NOT NULL AND type = ?"
            + (scope.whole() ? "" : " AND shard = ?")
            + " AND not_after > ?";
    long newest = 0;
    long entries = 0;
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      int i = 1;
      statement.setString(i++, scope.type());
      if (!scope.whole()) {
        statement.setShort(i++, (short) scope.shard());
      }
      statement.setTimestamp(i, Timestamp.from(now));
      statement.setFetchSize(50_000);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          sink.accept(rows.getLong(1), rows.getTimestamp(2).toInstant(), rows.getShort(3));
          newest = Math.max(newest, rows.getLong(4));
          entries++;
        }
      }
    } finally {
      connection.commit();
      connection.setAutoCommit(autoCommit);
    }
    return new Contents(entries, newest);
  }

  /**
   * Takes the scope's next CRL number and records when the CRL about to be issued was made. Numbers
   * only grow, across restarts and nodes: one lost to a failed signing is simply skipped (RFC 5280
   * asks for no more).
   */
  static long next(Connection connection, CrlScope scope, Instant thisUpdate) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "INSERT INTO jpki.crl (type, shard, number, this_update) VALUES (?, ?, 1, ?)"
                + " ON CONFLICT (type, shard) DO UPDATE SET number = jpki.crl.number + 1, this_update = EXCLUDED.this_update"
                + " RETURNING number")) {
      statement.setString(1, scope.type());
      statement.setShort(2, (short) scope.shard());
      statement.setTimestamp(3, Timestamp.from(thisUpdate));
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }
}
