package jp.jukihub.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import jp.jukihub.database.DatabaseTarget;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JDBC connection of the audit writer: a batch of chained records goes in with COPY, the chain
 * head moves and a checkpoint may be added, all in one synchronously committed transaction. Used by
 * one writer thread at a time, never from an event loop.
 */
final class AuditBatchStore implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AuditBatchStore.class);

  private final Connection connection;
  private final Set<YearMonth> partitions = new HashSet<>();

  private AuditBatchStore(Connection connection) {
    this.connection = connection;
  }

  static final String WRITER_ROLE = "jukihub_audit_writer";

  /**
   * A connection for committing batches: it takes the writer role (insert records and checkpoints,
   * move the head; never update or delete a record) when the role exists.
   */
  static AuditBatchStore openCommitter(DatabaseTarget target, int commitTimeoutMillis)
      throws SQLException {
    AuditBatchStore store = open(target, commitTimeoutMillis);
    try (Statement statement = store.connection.createStatement();
        ResultSet member =
            statement.executeQuery(
                "SELECT to_regrole('"
                    + WRITER_ROLE
                    + "') IS NOT NULL"
                    + " AND pg_has_role(current_user, '"
                    + WRITER_ROLE
                    + "', 'MEMBER')")) {
      member.next();
      if (member.getBoolean(1)) {
        statement.execute("SET ROLE " + WRITER_ROLE);
      } else if (!warnedAboutRole) {
        warnedAboutRole = true;
        log.warn(
            "role {} is missing or not granted: the audit writer commits with the owner's rights",
            WRITER_ROLE);
      }
      store.connection.commit();
      return store;
    } catch (SQLException e) {
      store.close();
      throw e;
    }
  }

  private static volatile boolean warnedAboutRole;

  /** The role this connection acts as (tests check the writer's least privilege). */
  String currentRole() throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT current_user")) {
      row.next();
      String role = row.getString(1);
      connection.commit();
      return role;
    }
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
            connection.prepareStatement(
                "SELECT seq, hash, last_at FROM audit.chain_head WHERE chain = ?")) {
      insert.setString(1, chain);
      insert.setBytes(2, RecordHasher.GENESIS);
      insert.executeUpdate();
      select.setString(1, chain);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        OffsetDateTime lastAt = row.getObject(3, OffsetDateTime.class);
        ChainHead head =
            new ChainHead(
                row.getLong(1),
                row.getBytes(2),
                lastAt == null ? Instant.EPOCH : lastAt.toInstant());
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
      // Creating a partition locks the whole table; behind a long verify or export it would hold
      // up every commit. Give up after a moment instead (the writer creates months well ahead).
      statement.execute("SET LOCAL lock_timeout = '1s'");
      statement.execute(AuditPartitions.createStatement(month));
      connection.commit();
      partitions.add(month);
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    }
  }

  /**
   * Commits one batch. Batches of one chain commit in parallel on several connections but in order:
   * after its rows are in, a batch waits for its turn (the previous batch has moved the head), then
   * moves the head itself, which blocks on the head row until the previous batch commits and fails
   * if that batch rolled back. So a chain never has a hole.
   */
  void commit(List<ChainedRecord> records, ChainHead before, Checkpoint checkpoint, Turn turn)
      throws SQLException {
    try {
      AuditRowCopy.copy(connection, records);
      turn.awaitPrevious();
      ChainedRecord last = records.get(records.size() - 1);
      // Matching on the chain alone makes the update wait for the previous batch's commit and
      // then see its head (a "seq = expected" condition would be judged on the old row and miss).
      try (PreparedStatement advance =
          connection.prepareStatement(
              "UPDATE audit.chain_head SET"
                  + " hash = CASE WHEN seq = ? AND hash = ? THEN ? ELSE hash END,"
                  + " last_at = CASE WHEN seq = ? AND hash = ? THEN ? ELSE last_at END,"
                  + " seq = CASE WHEN seq = ? AND hash = ? THEN ? ELSE seq END"
                  + " WHERE chain = ? RETURNING seq, hash")) {
        OffsetDateTime lastAt = OffsetDateTime.ofInstant(last.occurredAt(), ZoneOffset.UTC);
        advance.setLong(1, before.seq());
        advance.setBytes(2, before.hash());
        advance.setBytes(3, last.hash());
        advance.setLong(4, before.seq());
        advance.setBytes(5, before.hash());
        advance.setObject(6, lastAt);
        advance.setLong(7, before.seq());
        advance.setBytes(8, before.hash());
        advance.setLong(9, last.seq());
        advance.setString(10, last.chain());
        try (ResultSet moved = advance.executeQuery()) {
          // Seq and hash both: another writer on this chain may have reached the same seq by
          // itself.
          if (!moved.next()
              || moved.getLong(1) != last.seq()
              || !Arrays.equals(moved.getBytes(2), last.hash())) {
            throw new ChainConflictException(last.chain());
          }
        }
      }
      turn.headMoved();
      if (checkpoint != null) {
        insert(checkpoint);
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      rollbackQuietly();
      throw e;
    }
  }

  /** How a batch waits for the one before it. */
  interface Turn {
    /** Returns once the previous batch has moved the head; throws if it failed. */
    void awaitPrevious() throws SQLException;

    void headMoved();
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
            "INSERT INTO audit.checkpoint (chain, seq, record_hash, signed_at, key_id, max_unsigned, signature)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
      insert.setString(1, checkpoint.chain());
      insert.setLong(2, checkpoint.seq());
      insert.setBytes(3, checkpoint.recordHash());
      insert.setObject(4, OffsetDateTime.ofInstant(checkpoint.signedAt(), ZoneOffset.UTC));
      insert.setString(5, checkpoint.keyId());
      insert.setLong(6, checkpoint.maxUnsigned());
      insert.setBytes(7, checkpoint.signature());
      insert.executeUpdate();
    }
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
