package jp.jukihub.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import jp.jukihub.database.DatabaseTarget;

/**
 * The attack the witness exists for: someone with the database and the signing key file rewrites
 * one record, recomputes every hash after it, moves the chain head and re-signs the checkpoints, so
 * the trail verifies on its own again.
 */
public final class TrailForgery {
  private TrailForgery() {}

  /** Rewrites record {@code seq} of {@code chain} (its operator becomes "mallory") and re-signs. */
  public static void rewriteAndResign(
      DatabaseTarget target, String chain, long seq, AuditSigningKey stolen) throws SQLException {
    try (Connection connection = target.dataSource().getConnection()) {
      try (Statement statement = connection.createStatement()) {
        // Past any append-only trigger, as the database's superuser could.
        statement.execute("SET session_replication_role = replica");
      } catch (SQLException notSuperuser) {
        // Then the owner's rights must do.
      }
      connection.setAutoCommit(false);
      List<ChainedRecord> records = new ArrayList<>();
      AuditRows.stream(
          connection,
          null,
          null,
          record -> {
            if (record.chain().equals(chain) && record.seq() >= seq - 1) {
              records.add(record);
            }
          });
      RecordHasher hasher = new RecordHasher();
      byte[] prev = records.get(0).seq() == seq ? records.get(0).prevHash() : records.get(0).hash();
      try (PreparedStatement update =
          connection.prepareStatement(
              "UPDATE audit.record SET operator = ?, prev_hash = ?, hash = ?"
                  + " WHERE chain = ? AND seq = ?")) {
        for (ChainedRecord record : records) {
          if (record.seq() < seq) {
            continue;
          }
          AuditEvent event = record.seq() == seq ? forged(record.event()) : record.event();
          byte[] hash = hasher.hash(prev, chain, record.seq(), record.occurredAt(), event);
          update.setString(1, event.operator());
          update.setBytes(2, prev);
          update.setBytes(3, hash);
          update.setString(4, chain);
          update.setLong(5, record.seq());
          update.executeUpdate();
          rehead(connection, chain, record.seq(), hash);
          resign(connection, chain, record.seq(), hash, stolen);
          prev = hash;
        }
      }
      connection.commit();
    }
  }

  private static AuditEvent forged(AuditEvent e) {
    return new AuditEvent(
        e.requestId(),
        e.body(),
        "mallory",
        e.zone(),
        e.route(),
        e.affair(),
        e.firewallRule(),
        e.subject(),
        e.fields(),
        e.outcome(),
        e.status(),
        e.latencyMicros(),
        e.requestHash(),
        e.answerHash(),
        e.counterpart());
  }

  private static void rehead(Connection connection, String chain, long seq, byte[] hash)
      throws SQLException {
    try (PreparedStatement head =
        connection.prepareStatement(
            "UPDATE audit.chain_head SET hash = ? WHERE chain = ? AND seq = ?")) {
      head.setBytes(1, hash);
      head.setString(2, chain);
      head.setLong(3, seq);
      head.executeUpdate();
    }
  }

  private static void resign(
      Connection connection, String chain, long seq, byte[] hash, AuditSigningKey stolen)
      throws SQLException {
    try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT signed_at, max_unsigned FROM audit.checkpoint WHERE chain = ? AND seq = ?");
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE audit.checkpoint SET record_hash = ?, key_id = ?, signature = ?"
                    + " WHERE chain = ? AND seq = ?")) {
      select.setString(1, chain);
      select.setLong(2, seq);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return;
        }
        Checkpoint resigned =
            stolen.sign(
                chain,
                seq,
                hash,
                row.getObject(1, OffsetDateTime.class).toInstant(),
                row.getLong(2));
        update.setBytes(1, resigned.recordHash());
        update.setString(2, resigned.keyId());
        update.setBytes(3, resigned.signature());
        update.setString(4, chain);
        update.setLong(5, seq);
        update.executeUpdate();
      }
    }
  }
}
