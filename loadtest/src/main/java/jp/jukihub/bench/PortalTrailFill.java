package jp.jukihub.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import jp.jukihub.audit.AuditPartitions;
import jp.jukihub.database.DatabaseTarget;

/**
 * Seven years of audit trail written straight into {@code audit.record} with SQL ({@code INSERT ...
 * SELECT} from {@code generate_series}, several statements in parallel): identity lookups by the
 * tax agency about other subjects, and a resident's own records spread over the same years. The
 * rows have a chain of their own ({@value #CHAIN}), so the hub's chains, their heads and the notice
 * lane's cursors are untouched; their hashes are plausible bytes, not a verifiable chain.
 */
final class PortalTrailFill {
  static final String CHAIN = "bench-fill";
  static final Period SPAN = Period.ofYears(7);

  private static final long CHUNK = 250_000;
  // Other subjects lie far above any person id the nation loader or the registry hands out.
  private static final long OTHER_SUBJECTS_FROM = 4_000_000_000_000_000L;
  private static final long OTHER_SUBJECTS = 20_000_000L;
  // Rows g = 1..total are in time order: worker ranges are time slices, each insert appends.
  private static final String INSERT =
      "INSERT INTO audit.record (chain, seq, occurred_at, request_id, body_id, operator, zone, route,"
          + " affair, firewall_rule, subject, fields, outcome, status, latency_us, request_hash,"
          + " answer_hash, prev_hash, hash)"
          + " SELECT '"
          + CHAIN
          + "', g, ?::timestamptz + (g * ?::float8) * interval '1 microsecond', 'fill-' || g, 'nta',"
          + " 'nta-op-' || (g % 97), 'national_body', 'identity.lookup', 't1-national-tax',"
          + " 'national-lookup', CASE WHEN g % ? = 0 THEN ? ELSE ? + (g * 2654435761) % ? END,"
          + " '{name,address,birthDate}', 'ok', 200, 700 + (g * 7919) % 4000,"
          + " sha256(int8send(g) || '\\x01'::bytea), sha256(int8send(g) || '\\x02'::bytea),"
          + " sha256(int8send(g - 1)), sha256(int8send(g))"
          + " FROM generate_series(?::bigint, ?::bigint) AS g";

  private final DatabaseTarget database;
  private final int workers;

  PortalTrailFill(DatabaseTarget database, int workers) {
    this.database = database;
    this.workers = workers;
  }

  /** The months the fill writes into: from {@code end - SPAN} to {@code end}, both included. */
  static List<YearMonth> months(Instant end) {
    YearMonth first = YearMonth.from(end.atOffset(ZoneOffset.UTC).minus(SPAN));
    YearMonth last = YearMonth.from(end.atOffset(ZoneOffset.UTC));
    List<YearMonth> months = new ArrayList<>();
    for (YearMonth month = first; !month.isAfter(last); month = month.plusMonths(1)) {
      months.add(month);
    }
    return months;
  }

  /** Creates the monthly partitions the fill needs; answers how many months they are. */
  int createPartitions(Instant end) throws SQLException {
    List<YearMonth> months = months(end);
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      for (YearMonth month : months) {
        statement.execute(AuditPartitions.createStatement(month));
      }
    }
    return months.size();
  }

  /**
   * Writes {@code total} records evenly over the {@link #SPAN} before {@code end}; every {@code
   * total / residentRecords}-th of them (so {@code residentRecords}, spread the same way) is about
   * {@code resident}. {@code progress} hears the records written so far.
   */
  void fill(long total, long residentRecords, long resident, Instant end, LongConsumer progress)
      throws Exception {
    OffsetDateTime to = end.atOffset(ZoneOffset.UTC);
    OffsetDateTime from = to.minus(SPAN);
    double stepMicros = (to.toEpochSecond() - from.toEpochSecond()) * 1e6 / (total + 1);
    long every = total / residentRecords;
    AtomicLong written = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        long first = 1 + total * w / workers;
        long last = total * (w + 1) / workers;
        done.add(
            pool.submit(
                () -> {
                  insert(from, stepMicros, every, resident, first, last, written, progress);
                  return null;
                }));
      }
      for (Future<?> each : done) {
        each.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private void insert(
      OffsetDateTime from,
      double stepMicros,
      long every,
      long resident,
      long first,
      long last,
      AtomicLong written,
      LongConsumer progress)
      throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement insert = connection.prepareStatement(INSERT)) {
      connection.setAutoCommit(true);
      for (long chunk = first; chunk <= last; chunk += CHUNK) {
        long to = Math.min(last, chunk + CHUNK - 1);
        insert.setObject(1, from);
        insert.setDouble(2, stepMicros);
        insert.setLong(3, every);
        insert.setLong(4, resident);
        insert.setLong(5, OTHER_SUBJECTS_FROM);
        insert.setLong(6, OTHER_SUBJECTS);
        insert.setLong(7, chunk);
        insert.setLong(8, to);
        insert.executeUpdate();
        progress.accept(written.addAndGet(to - chunk + 1));
      }
    }
  }

  /**
   * VACUUM and ANALYZE the trail, as a long-lived trail would be; autovacuum would do it mid-run.
   */
  void vacuumAnalyze() throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      connection.setAutoCommit(true);
      statement.execute("VACUUM (ANALYZE) audit.record");
    }
  }

  /** How many records the trail holds, and how many of them are about {@code subject}. */
  long[] count(long subject) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        var rows =
            statement.executeQuery(
                "SELECT count(*), count(*) FILTER (WHERE subject = "
                    + subject
                    + ") FROM audit.record")) {
      rows.next();
      return new long[] {rows.getLong(1), rows.getLong(2)};
    }
  }
}
