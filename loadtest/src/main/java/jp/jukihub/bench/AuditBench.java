package jp.jukihub.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import jp.jukihub.audit.AuditEvent;
import jp.jukihub.audit.AuditPartitions;
import jp.jukihub.audit.AuditRowCopy;
import jp.jukihub.audit.AuditSettings;
import jp.jukihub.audit.AuditSigningKey;
import jp.jukihub.audit.ChainedRecord;
import jp.jukihub.audit.DurableAuditTrail;
import jp.jukihub.audit.RecordHasher;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.gateway.HubServer;
import jp.jukihub.gateway.config.HubConfigLoader;
import jp.jukihub.gateway.config.HubOptions;
import jp.jukihub.gateway.config.LimitOptions;

/**
 * {@code hub bench audit}: the durable audit writer against the raw PostgreSQL ceiling for the same
 * rows, and an audited route's rate with the real trail against a no-op one. Each pair is measured
 * alternately in one run, on fresh databases, and reported as a ratio (see ../shared/BASELINES.md:
 * absolute figures vary 10-15% between runs; ratios taken side by side do not).
 */
final class AuditBench {
  static final int PRODUCERS = 4;
  static final int RAW_CONNECTIONS = 4;
  static final int RAW_BATCH = 2_000;
  static final long EVENT_SEED = 20_160_101L;
  static final HubServer.AuditTrailFactory NO_AUDIT =
      (options, database, registry, clock) -> new NoAuditTrail();

  private final PrintWriter out;
  private final int records;
  private final int rounds;
  private final Duration warmup;
  private final Duration measure;

  AuditBench(PrintWriter out, int records, int rounds, Duration warmup, Duration measure) {
    this.out = out;
    this.records = records;
    this.rounds = rounds;
    this.warmup = warmup;
    this.measure = measure;
  }

  void run() throws Exception {
    try (BenchDatabase pg = BenchDatabase.open()) {
      List<AuditEvent> events = events(records);
      out.printf(
          "audit bench: %,d records per run, %d rounds, PostgreSQL 15 with fsync and synchronous_commit on%n%n",
          records, rounds);
      List<Double> raw = new ArrayList<>();
      List<Double> writer = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        raw.add(rawCeiling(pg.fresh("raw"), events));
        out.printf(
            "  round %d  raw COPY ceiling  %,10.0f rows/s    (%d connections, %,d-row transactions)%n",
            round, raw.get(raw.size() - 1), RAW_CONNECTIONS, RAW_BATCH);
        out.flush();
        writer.add(writer(pg.fresh("writer"), events));
        out.flush();
      }
      double rawMedian = Median.of(raw);
      double writerMedian = Median.of(writer);
      out.printf("%n  durable audit writer   %,10.0f records/s (median)%n", writerMedian);
      out.printf("  raw PostgreSQL ceiling %,10.0f rows/s    (median)%n", rawMedian);
      out.printf("  writer / raw           %10.2f%n%n", writerMedian / rawMedian);
      out.flush();

      DatabaseTarget http = pg.fresh("http");
      Path scratch = pg.scratch();
      List<Double> on = new ArrayList<>();
      List<Double> off = new ArrayList<>();
      // One unreported pass of each first, so that neither side pays for the JIT.
      route(http, scratch, HubServer.DURABLE_AUDIT);
      route(http, scratch, NO_AUDIT);
      for (int round = 1; round <= rounds; round++) {
        // Alternate which goes first, so drift (autovacuum, WAL checkpoints) hits both alike.
        boolean durableFirst = round % 2 == 1;
        HttpLoad.Result first =
            route(http, scratch, durableFirst ? HubServer.DURABLE_AUDIT : NO_AUDIT);
        HttpLoad.Result second =
            route(http, scratch, durableFirst ? NO_AUDIT : HubServer.DURABLE_AUDIT);
        HttpLoad.Result durable = durableFirst ? first : second;
        HttpLoad.Result none = durableFirst ? second : first;
        out.printf("  round %d  audited route, durable audit  %s%n", round, durable.describe());
        out.printf("  round %d  audited route, no-op audit    %s%n", round, none.describe());
        out.flush();
        on.add(durable.perSecond());
        off.add(none.perSecond());
      }
      out.printf(
          "%n  audited route (GET /v1/audit/records by request id; 64 connections, %d s warm-up, %d s measured)%n",
          warmup.toSeconds(), measure.toSeconds());
      out.printf(
          "  durable audit %,9.0f req/s, no-op audit %,9.0f req/s, ratio %.2f (medians)%n",
          Median.of(on), Median.of(off), Median.of(on) / Median.of(off));
      out.flush();
    }
  }

  /**
   * The same rows as the writer stores, pre-chained, COPYed in large transactions: PostgreSQL's
   * best.
   */
  private double rawCeiling(DatabaseTarget target, List<AuditEvent> events) throws Exception {
    RecordHasher hasher = new RecordHasher();
    List<List<ChainedRecord>> perConnection = new ArrayList<>();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    for (int c = 0; c < RAW_CONNECTIONS; c++) {
      List<ChainedRecord> chain = new ArrayList<>();
      byte[] prev = RecordHasher.GENESIS;
      for (int i = c; i < events.size(); i += RAW_CONNECTIONS) {
        long seq = chain.size() + 1;
        byte[] hash = hasher.hash(prev, "raw-" + c, seq, now, events.get(i));
        chain.add(new ChainedRecord("raw-" + c, seq, now, events.get(i), prev, hash));
        prev = hash;
      }
      perConnection.add(chain);
    }
    ensurePartition(target, now);
    List<Thread> threads = new ArrayList<>();
    AtomicReference<SQLException> failure = new AtomicReference<>();
    long started = System.nanoTime();
    for (List<ChainedRecord> chain : perConnection) {
      Thread thread =
          new Thread(
              () -> {
                try (Connection connection = target.dataSource().getConnection()) {
                  try (Statement statement = connection.createStatement()) {
                    statement.execute("SET synchronous_commit = on");
                  }
                  connection.setAutoCommit(false);
                  for (int from = 0; from < chain.size(); from += RAW_BATCH) {
                    AuditRowCopy.copy(
                        connection, chain.subList(from, Math.min(chain.size(), from + RAW_BATCH)));
                    connection.commit();
                  }
                } catch (SQLException e) {
                  failure.compareAndSet(null, e);
                }
              });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    if (failure.get() != null) {
      throw new IllegalStateException(
          "the raw ceiling run failed: " + failure.get().getMessage(), failure.get());
    }
    return events.size() / seconds;
  }

  /**
   * The hub's writer: producers append as fast as the queue lets them; rate = records / wall time.
   */
  private double writer(DatabaseTarget target, List<AuditEvent> events) throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AuditSettings settings = AuditSettings.defaults("bench-writer");
    byte[] seed = new byte[32];
    new SecureRandom().nextBytes(seed);
    try (DurableAuditTrail trail =
        DurableAuditTrail.start(
            target, settings, AuditSigningKey.of(seed), Clock.systemUTC(), registry)) {
      // One body's records: it may hold only its share of the queue (issue 17), so no more are
      // in flight; a refused record would be counted done in no time and inflate the rate.
      Semaphore inFlight = new Semaphore(settings.bodyShare());
      CountDownLatch done = new CountDownLatch(events.size());
      AtomicLong failures = new AtomicLong();
      long started = System.nanoTime();
      List<Thread> producers = new ArrayList<>();
      for (int p = 0; p < PRODUCERS; p++) {
        int offset = p;
        Thread producer =
            new Thread(
                () -> {
                  for (int i = offset; i < events.size(); i += PRODUCERS) {
                    inFlight.acquireUninterruptibly();
                    trail
                        .append(events.get(i))
                        .onComplete(
                            appended -> {
                              if (appended.failed()) {
                                failures.incrementAndGet();
                              }
                              inFlight.release();
                              done.countDown();
                            });
                  }
                });
        producers.add(producer);
        producer.start();
      }
      if (!done.await(10, TimeUnit.MINUTES)) {
        throw new IllegalStateException("the writer did not finish within 10 minutes");
      }
      if (failures.get() > 0) {
        throw new IllegalStateException(
            failures.get() + " records were refused: the writer's rate would be meaningless");
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      double rate = events.size() / seconds;
      var batches = registry.get("hub.audit.batch.size").summary();
      var commits = registry.get("hub.audit.commit").timer();
      out.printf(
          "           durable writer    %,10.0f records/s (%,.0f records per commit on average, mean commit %.2f ms, %d refused)%n",
          rate, batches.mean(), commits.mean(TimeUnit.MILLISECONDS), failures.get());
      return rate;
    }
  }

  private HttpLoad.Result route(
      DatabaseTarget database, Path scratch, HubServer.AuditTrailFactory audit) throws Exception {
    HubOptions options =
        HubConfigLoader.load(
                null,
                Map.of(
                    "JUKIHUB_DATA_DIR",
                    scratch.resolve("hub").toString(),
                    "JUKIHUB_INSTANCE",
                    "bench-hub"))
            .withFreeLoopbackPorts()
            // The benchmark measures the route, not the caller's rate limit.
            .withLimits(new LimitOptions(Integer.MAX_VALUE / 4, Map.of()));
    try (HubServer hub = HubServer.start(options, database, true, audit)) {
      return new HttpLoad(
              hub.apiPort(),
              "/v1/audit/records?limit=1&requestId=bench-absent",
              Map.of("X-Jukihub-Body", "auditor", "X-Jukihub-Operator", "bench"),
              64)
          .run(warmup, measure);
    }
  }

  private static void ensurePartition(DatabaseTarget target, Instant now) throws SQLException {
    try (Connection connection = target.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          AuditPartitions.createStatement(YearMonth.from(now.atOffset(ZoneOffset.UTC))));
    }
  }

  /**
   * Lookup-shaped events from a fixed seed, so every run inserts the same rows: a national body, an
   * affair, a subject, five fields, random hashes, no counterpart.
   */
  static List<AuditEvent> events(int count) {
    List<AuditEvent> events = new ArrayList<>(count);
    SplittableRandom random = new SplittableRandom(EVENT_SEED);
    for (int i = 0; i < count; i++) {
      byte[] request = new byte[32];
      byte[] answer = new byte[32];
      random.nextBytes(request);
      random.nextBytes(answer);
      events.add(
          new AuditEvent(
              Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()),
              "jps",
              "operator-" + (i % 500),
              "national_body",
              "identity.lookup",
              "t1-national-pension",
              "allow-national-bodies",
              (long) random.nextInt(100_000_000),
              List.of("myNumber", "name", "birthDate", "sex", "address"),
              "ok",
              200,
              400 + random.nextInt(2_000),
              request,
              answer,
              null));
    }
    return events;
  }
}
