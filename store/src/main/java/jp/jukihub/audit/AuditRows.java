package jp.jukihub.audit;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/** Reads the stored trail over JDBC for the command-line tools (verify, export, prune). */
final class AuditRows {
  // counterpart last, where V9 added it to the table: the readers address columns by position.
  static final String COLUMNS =
      "chain, seq, occurred_at, request_id, body_id, operator, zone, route, affair, firewall_rule,"
          + " subject, fields, outcome, status, latency_us, request_hash, answer_hash, prev_hash, hash,"
          + " counterpart";

  private AuditRows() {}

  /**
   * Streams records with {@code from <= occurred_at < to} (nulls: unbounded) in chain order. Runs
   * in the caller's transaction (autocommit off, so the driver uses a cursor, not the whole
   * result).
   */
  static void stream(Connection connection, Instant from, Instant to, Consumer<ChainedRecord> sink)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM audit.record WHERE occurred_at >= ? AND occurred_at < ?"
                + " ORDER BY chain, seq")) {
      select.setFetchSize(10_000);
      bindRange(select, from, to);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          sink.accept(record(rows));
        }
      }
    }
  }

  /** One consistent snapshot for a whole verify or export: heads, checkpoints and rows agree. */
  static void beginSnapshot(Connection connection) throws SQLException {
    connection.setAutoCommit(false);
    connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    connection.setReadOnly(true);
  }

  static long count(Connection connection, Instant from, Instant to) throws SQLException {
    try (PreparedStatement count =
        connection.prepareStatement(
            "SELECT count(*) FROM audit.record WHERE occurred_at >= ? AND occurred_at < ?")) {
      bindRange(count, from, to);
      try (ResultSet row = count.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  /** Per chain, the first and last seq of the records in the range. */
  static Map<String, SeqRange> seqRanges(Connection connection, Instant from, Instant to)
      throws SQLException {
    Map<String, SeqRange> ranges = new HashMap<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT chain, min(seq), max(seq) FROM audit.record WHERE occurred_at >= ? AND occurred_at < ? GROUP BY chain")) {
      bindRange(select, from, to);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          ranges.put(rows.getString(1), new SeqRange(rows.getLong(2), rows.getLong(3)));
        }
      }
    }
    return ranges;
  }

  /** Checkpoints per chain; when ranges are given, only those inside each chain's range. */
  static Map<String, NavigableMap<Long, Checkpoint>> checkpoints(
      Connection connection, Map<String, SeqRange> ranges) throws SQLException {
    Map<String, NavigableMap<Long, Checkpoint>> byChain = new HashMap<>();
    try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT chain, seq, record_hash, signed_at, key_id, max_unsigned, signature FROM audit.checkpoint ORDER BY chain, seq");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        Checkpoint checkpoint =
            new Checkpoint(
                rows.getString(1),
                rows.getLong(2),
                rows.getBytes(3),
                rows.getObject(4, OffsetDateTime.class).toInstant(),
                rows.getString(5),
                rows.getLong(6),
                rows.getBytes(7));
        SeqRange range = ranges == null ? null : ranges.get(checkpoint.chain());
        if (ranges != null && (range == null || !range.contains(checkpoint.seq()))) {
          continue;
        }
        byChain
            .computeIfAbsent(checkpoint.chain(), c -> new TreeMap<>())
            .put(checkpoint.seq(), checkpoint);
      }
    }
    return byChain;
  }

  static Map<String, Long> heads(Connection connection) throws SQLException {
    Map<String, Long> heads = new HashMap<>();
    try (PreparedStatement select =
            connection.prepareStatement("SELECT chain, seq FROM audit.chain_head");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        heads.put(rows.getString(1), rows.getLong(2));
      }
    }
    return heads;
  }

  /** Where each chain starts: genesis, or after the last record of its latest pruned month. */
  static Map<String, ChainHead> starts(Connection connection, Iterable<String> chains)
      throws SQLException {
    Map<String, ChainHead> starts = new HashMap<>();
    chains.forEach(chain -> starts.put(chain, ChainHead.EMPTY));
    try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT DISTINCT ON (chain) chain, seq, hash FROM audit.anchor ORDER BY chain, seq DESC");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        starts.put(rows.getString(1), new ChainHead(rows.getLong(2), rows.getBytes(3)));
      }
    }
    return starts;
  }

  static ChainedRecord record(ResultSet rows) throws SQLException {
    Array fields = rows.getArray(12);
    long subject = rows.getLong(11);
    Long subjectOrNull = rows.wasNull() ? null : subject;
    AuditEvent event =
        new AuditEvent(
            rows.getString(4),
            rows.getString(5),
            rows.getString(6),
            rows.getString(7),
            rows.getString(8),
            rows.getString(9),
            rows.getString(10),
            subjectOrNull,
            List.copyOf(Arrays.asList((String[]) fields.getArray())),
            rows.getString(13),
            rows.getInt(14),
            rows.getLong(15),
            rows.getBytes(16),
            rows.getBytes(17),
            rows.getString(20));
    return new ChainedRecord(
        rows.getString(1),
        rows.getLong(2),
        rows.getObject(3, OffsetDateTime.class).toInstant(),
        event,
        rows.getBytes(18),
        rows.getBytes(19));
  }

  private static void bindRange(PreparedStatement statement, Instant from, Instant to)
      throws SQLException {
    statement.setObject(
        1,
        OffsetDateTime.ofInstant(
            from == null ? Instant.parse("1900-01-01T00:00:00Z") : from, ZoneOffset.UTC));
    statement.setObject(
        2,
        OffsetDateTime.ofInstant(
            to == null ? Instant.parse("9999-01-01T00:00:00Z") : to, ZoneOffset.UTC));
  }
}
