package jp.jukihub.jpki;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

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

  /**
   * A scope's CRL as the cluster issued it: its number, when, and what it lists ({@code null} for a
   * number taken before V15, which recorded no contents).
   */
  public record Issued(long number, Instant thisUpdate, Contents contents) {}

  /** Receives a CRL's entries one at a time: a million of them need not be held twice. */
  public interface EntrySink {
    void accept(long serial, Instant revokedAt, int reason);
  }

  private CrlLedger() {}

  /**
   * What every scope's CRL must list as of {@code now} (revoked by then, not expired then), whole
   * types included: the same bounds as {@link #eachEntry}, so that a CRL made as of an instant
   * lists what its contents said.
   */
  static Map<CrlScope, Contents> contents(Connection connection, Instant now) throws SQLException {
    Map<CrlScope, Contents> contents = new HashMap<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT type, shard, count(*), max(revocation_seq) FROM jpki.certificate"
                + " WHERE revoked_at IS NOT NULL AND revoked_at <= ? AND not_after > ?"
                + " GROUP BY type, shard")) {
      statement.setTimestamp(1, Timestamp.from(now));
      statement.setTimestamp(2, Timestamp.from(now));
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
   * Streams the scope's entries as of {@code now} (certificates revoked by then, not expired then)
   * and returns what they were, read in the same snapshot. Two nodes listing the same scope as of
   * the same instant list the same entries (bar a revocation that commits later with an earlier
   * time, which then changes the contents, and the CRL is issued again).
   */
  static Contents eachEntry(Connection connection, CrlScope scope, Instant now, EntrySink sink)
      throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false); // the driver streams (fetch size) only inside a transaction
    String sql =
        "SELECT serial, revoked_at, reason, revocation_seq FROM jpki.certificate"
            + " WHERE revoked_at IS NOT NULL AND type = ?"
            + (scope.whole() ? "" : " AND shard = ?")
            + " AND revoked_at <= ? AND not_after > ?";
    long newest = 0;
    long entries = 0;
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      int i = 1;
      statement.setString(i++, scope.type());
      if (!scope.whole()) {
        statement.setShort(i++, (short) scope.shard());
      }
      statement.setTimestamp(i++, Timestamp.from(now));
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

  /** Every scope's CRL as last issued, with what it lists. */
  static Map<CrlScope, Issued> issued(Connection connection) throws SQLException {
    Map<CrlScope, Issued> issued = new HashMap<>();
    try (PreparedStatement statement =
            connection.prepareStatement(
                "SELECT type, shard, number, this_update, entries, newest_seq FROM jpki.crl");
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        issued.put(
            new CrlScope(rows.getString(1), rows.getShort(2)),
            new Issued(
                rows.getLong(3),
                rows.getTimestamp(4).toInstant(),
                rows.getObject(5) == null ? null : new Contents(rows.getLong(5), rows.getLong(6))));
      }
    }
    return issued;
  }

  /**
   * Takes the scope's next CRL number for a CRL made at {@code thisUpdate} listing {@code
   * contents}, if the scope's number is still {@code after} (0: none yet): of several nodes that
   * saw the same change, one takes the number, and the others find it recorded and sign the same
   * CRL. Numbers only grow, across restarts and nodes; one lost to a failed signing is skipped (RFC
   * 5280 asks for no more).
   */
  static OptionalLong claim(
      Connection connection, CrlScope scope, long after, Instant thisUpdate, Contents contents)
      throws SQLException {
    if (after == 0) {
      try (PreparedStatement statement =
          connection.prepareStatement(
              "INSERT INTO jpki.crl (type, shard, number, this_update, entries, newest_seq)"
                  + " VALUES (?, ?, 1, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING number")) {
        statement.setString(1, scope.type());
        statement.setShort(2, (short) scope.shard());
        statement.setTimestamp(3, Timestamp.from(thisUpdate));
        statement.setLong(4, contents.entries());
        statement.setLong(5, contents.newestSeq());
        try (ResultSet rows = statement.executeQuery()) {
          return rows.next() ? OptionalLong.of(rows.getLong(1)) : OptionalLong.empty();
        }
      }
    }
    try (PreparedStatement statement =
        connection.prepareStatement(
            "UPDATE jpki.crl SET number = number + 1, this_update = ?, entries = ?, newest_seq = ?"
                + " WHERE type = ? AND shard = ? AND number = ? RETURNING number")) {
      statement.setTimestamp(1, Timestamp.from(thisUpdate));
      statement.setLong(2, contents.entries());
      statement.setLong(3, contents.newestSeq());
      statement.setString(4, scope.type());
      statement.setShort(5, (short) scope.shard());
      statement.setLong(6, after);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? OptionalLong.of(rows.getLong(1)) : OptionalLong.empty();
      }
    }
  }
}
