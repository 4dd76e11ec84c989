package jp.jukihub.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.YearMonth;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import jp.jukihub.database.DatabaseTarget;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The writer's one JDBC connection: a batch of chained records goes in with COPY, the chain head
 * moves and a checkpoint may be added, all in one synchronously committed transaction. Used only
 * from the writer thread, never from an event loop.
 */
final class AuditBatchStore implements AutoCloseable {
  private static final String COPY =
      "COPY audit.record (chain, seq, occurred_at, request_id, body_id, operator, zone, route, affair,"
          + " firewall_rule, subject, fields, outcome, status, latency_us, request_hash, answer_hash,"
          + " prev_hash, hash) FROM STDIN";
  private static final HexFormat HEX = HexFormat.of();

  private final Connection connection;
  private final Set<YearMonth> partitions = new HashSet<>();

  private AuditBatchStore(Connection connection) {
    this.connection = connection;
  }

  static AuditBatchStore open(DatabaseTarget target, int commitTimeoutMillis) throws SQLException {
    PGSimpleDataSource source = target.dataSource();
    source.setConnectTimeout(2);
    source.setSocketTimeout(commitTimeoutMillis / 1000 + 10);
    source.setApplicationName("jukihub-audit-writer");
    Connection connection = source.getConnection();
    try (Statement statement = connection.createStatement()) {
      // The promise is "on disk before the answer leaves", whatever the server's default.
      statement.execute("SET synchronous_commit = on");
      statement.execute("SET statement_timeout = " + commitTimeoutMillis);
      connection.setAutoCommit(false);
      return new AuditBatchStore(connection);
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
  }

  /** The chain's committed head, creating an empty chain on first use. */
  ChainHead head(String chain) throws SQLException {
    try (PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO audit.chain_head (chain, seq, hash) VALUES (?, 0, ?) ON CONFLICT DO NOTHING");
        PreparedStatement select =
            connection.prepareStatement("SELECT seq, hash FROM audit.chain_head WHERE chain = ?")) {
      insert.setString(1, chain);
      insert.setBytes(2, RecordHasher.GENESIS);
      insert.executeUpdate();
      select.setString(1, chain);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        ChainHead head = new ChainHead(row.getLong(1), row.getBytes(2));
        connection.commit();
        return head;
      }
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    }
  }

  /** Creates the month's partition if this connection has not seen it yet. */
  void ensurePartition(YearMonth month) throws SQLException {
    if (partitions.contains(month)) {
      return;
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute(AuditPartitions.createStatement(month));
      connection.commit();
      partitions.add(month);
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    }
  }

  void commit(List<ChainedRecord> records, ChainHead before, Checkpoint checkpoint) throws SQLException {
    try {
      copy(records);
      ChainedRecord last = records.get(records.size() - 1);
      try (PreparedStatement advance =
          connection.prepareStatement(
              "UPDATE audit.chain_head SET seq = ?, hash = ? WHERE chain = ? AND seq = ?")) {
        advance.setLong(1, last.seq());
        advance.setBytes(2, last.hash());
        advance.setString(3, last.chain());
        advance.setLong(4, before.seq());
        if (advance.executeUpdate() != 1) {
          throw new ChainConflictException(last.chain());
        }
      }
      if (checkpoint != null) {
        insert(checkpoint);
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      rollbackQuietly();
      throw e;
    }
  }

  /** A checkpoint on its own, when records stopped arriving before one was due by count. */
  void commit(Checkpoint checkpoint) throws SQLException {
    try {
      insert(checkpoint);
      connection.commit();
    } catch (SQLException e) {
      rollbackQuietly();
      throw e;
    }
  }

  private void insert(Checkpoint checkpoint) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO audit.checkpoint (chain, seq, record_hash, signed_at, key_id, signature)"
                + " VALUES (?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, checkpoint.chain());
      insert.setLong(2, checkpoint.seq());
      insert.setBytes(3, checkpoint.recordHash());
      insert.setObject(4, java.time.OffsetDateTime.ofInstant(checkpoint.signedAt(), java.time.ZoneOffset.UTC));
      insert.setString(5, checkpoint.keyId());
      insert.setBytes(6, checkpoint.signature());
      insert.executeUpdate();
    }
  }

  private void copy(List<ChainedRecord> records) throws SQLException {
    CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
    try {
      StringBuilder rows = new StringBuilder(records.size() * 400);
      for (ChainedRecord record : records) {
        AuditEvent event = record.event();
        rows.append(escape(record.chain())).append('\t')
            .append(record.seq()).append('\t')
            .append(record.occurredAt()).append('\t')
            .append(escape(event.requestId())).append('\t')
            .append(escape(event.body())).append('\t')
            .append(nullable(event.operator())).append('\t')
            .append(escape(event.zone())).append('\t')
            .append(escape(event.route())).append('\t')
            .append(nullable(event.affair())).append('\t')
            .append(nullable(event.firewallRule())).append('\t')
            .append(event.subject() == null ? "\\N" : event.subject().toString()).append('\t')
            .append('{').append(String.join(",", event.fields())).append('}').append('\t')
            .append(escape(event.outcome())).append('\t')
            .append(event.status()).append('\t')
            .append(event.latencyMicros()).append('\t');
        bytea(rows, event.requestHash()).append('\t');
        bytea(rows, event.answerHash()).append('\t');
        bytea(rows, record.prevHash()).append('\t');
        bytea(rows, record.hash()).append('\n');
      }
      byte[] bytes = rows.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      copy.writeToCopy(bytes, 0, bytes.length);
      copy.endCopy();
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }

  private static StringBuilder bytea(StringBuilder rows, byte[] value) {
    // COPY text format: the backslash of bytea's \x form is itself escaped.
    return rows.append("\\\\x").append(HEX.formatHex(value));
  }

  private static String nullable(String value) {
    return value == null ? "\\N" : escape(value);
  }

  static String escape(String value) {
    StringBuilder escaped = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      String replacement =
          switch (c) {
            case '\\' -> "\\\\";
            case '\t' -> "\\t";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            default -> null;
          };
      if (replacement != null && escaped == null) {
        escaped = new StringBuilder(value.length() + 8).append(value, 0, i);
      }
      if (escaped != null) {
        if (replacement != null) {
          escaped.append(replacement);
        } else {
          escaped.append(c);
        }
      }
    }
    return escaped == null ? value : escaped.toString();
  }

  private void rollbackQuietly() {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // The connection is discarded after a failure anyway.
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // Closing a broken connection; nothing to keep.
    }
  }
}
