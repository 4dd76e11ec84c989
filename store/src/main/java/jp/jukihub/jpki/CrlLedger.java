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
 * The CRLs' side of the certificate store (blocking JDBC, off the event loop): each scope's
 * entries, the newest revocation in each scope, and the numbers and times of the CRLs issued.
 */
public final class CrlLedger {
  /** The last CRL issued for a scope. */
  public record Issued(long number, Instant thisUpdate, long coversSeq) {}

  /** Receives a CRL's entries one at a time: a million of them need not be held twice. */
  public interface EntrySink {
    void accept(long serial, Instant revokedAt, int reason);
  }

  private CrlLedger() {}

  /** The newest revocation of every scope that has one, whole types included. */
  public static Map<CrlScope, Long> newestRevocations(Connection connection) throws SQLException {
    Map<CrlScope, Long> newest = new HashMap<>();
    try (PreparedStatement statement = connection.prepareStatement(
            "SELECT type, shard, max(revocation_seq) FROM jpki.certificate WHERE revoked_at IS NOT NULL GROUP BY type, shard");
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        long seq = rows.getLong(3);
        newest.put(new CrlScope(rows.getString(1), rows.getShort(2)), seq);
        newest.merge(new CrlScope(rows.getString(1), CrlScope.WHOLE), seq, Math::max);
      }
    }
    return newest;
  }

  public static Map<CrlScope, Issued> issued(Connection connection) throws SQLException {
    Map<CrlScope, Issued> issued = new HashMap<>();
    try (PreparedStatement statement = connection.prepareStatement("SELECT type, shard, number, this_update, covers_seq FROM jpki.crl");
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        issued.put(
            new CrlScope(rows.getString(1), rows.getShort(2)),
            new Issued(rows.getLong(3), rows.getTimestamp(4).toInstant(), rows.getLong(5)));
      }
    }
    return issued;
  }

  /**
   * Streams the scope's entries (revoked certificates not yet expired) and returns the newest
   * revocation among them, read in the same snapshot.
   */
  public static long eachEntry(Connection connection, CrlScope scope, Instant now, EntrySink sink) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false); // the driver streams (fetch size) only inside a transaction
    String sql =
        "SELECT serial, revoked_at, reason, revocation_seq FROM jpki.certificate"
            + " WHERE revoked_at IS NOT NULL AND type = ?" + (scope.whole() ? "" : " AND shard = ?") + " AND not_after > ?";
    long newest = 0;
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
        }
      }
    } finally {
      connection.commit();
      connection.setAutoCommit(autoCommit);
    }
    return newest;
  }

  /**
   * Takes the scope's next CRL number and records the CRL about to be issued. Numbers only
   * grow: one lost to a failed signing is simply skipped (RFC 5280 asks for no more).
   */
  public static long next(Connection connection, CrlScope scope, Instant thisUpdate, long coversSeq) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(
        "INSERT INTO jpki.crl (type, shard, number, this_update, covers_seq) VALUES (?, ?, 1, ?, ?)"
            + " ON CONFLICT (type, shard) DO UPDATE SET number = jpki.crl.number + 1, this_update = EXCLUDED.this_update,"
            + " covers_seq = EXCLUDED.covers_seq RETURNING number")) {
      statement.setString(1, scope.type());
      statement.setShort(2, (short) scope.shard());
      statement.setTimestamp(3, Timestamp.from(thisUpdate));
      statement.setLong(4, coversSeq);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }
}
