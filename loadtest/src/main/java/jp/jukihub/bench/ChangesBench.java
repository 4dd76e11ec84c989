package jp.jukihub.bench;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.database.StorePool;
import jp.jukihub.jlis.JlisIssuer;
import jp.jukihub.nation.MunicipalityCatalog;
import jp.jukihub.number.LgCode;
import jp.jukihub.number.ResidentCode;
import jp.jukihub.person.BirthDate;
import jp.jukihub.person.PersonName;
import jp.jukihub.person.Sex;
import jp.jukihub.register.GoLive;
import jp.jukihub.register.PgResidentRegister;
import jp.jukihub.register.RegisterAnswer;
import jp.jukihub.register.RegisterView;
import jp.jukihub.register.ResidentRegister;
import jp.jukihub.register.ResidentRegister.Correction;
import jp.jukihub.register.ResidentRegister.Household;
import jp.jukihub.register.ResidentRegister.Registration;
import jp.jukihub.tiers.ShipperSettings;
import jp.jukihub.tiers.TierShipper;
import jp.jukihub.tiers.TierTopology;

/**
 * Municipal changes at a fixed rate (open model: each change starts on its schedule whether or not
 * earlier ones have finished) through the register's write path and the shipper, up all three
 * tiers. Reports the write latency (from the scheduled start, so a stall is not hidden) and the
 * propagation lag to each tier; the baseline beside it is the same write load with the shipper off,
 * which shows what carrying the changes up costs the writes.
 */
final class ChangesBench {
  private static final int MAX_IN_FLIGHT = 4_096;
  private static final long SEED = 20_160_101L;

  private final PrintWriter out;
  private final int residents;
  private final int rate;
  private final Duration warmup;
  private final Duration measure;

  ChangesBench(PrintWriter out, int residents, int rate, Duration warmup, Duration measure) {
    this.out = out;
    this.residents = residents;
    this.rate = rate;
    this.warmup = warmup;
    this.measure = measure;
  }

  record Result(
      double perSecond,
      double writeP50,
      double writeP99,
      long refused,
      long failed,
      long shed,
      Lag prefecture,
      Lag national,
      String statements,
      Optional<CpuUse.Split> cpu,
      String updates) {
    String describeWrites() {
      return String.format(
          "%,7.0f changes/s  write p50 %6.1f ms  p99 %7.1f ms  refused %d  failed %d  shed %d",
          perSecond, writeP50, writeP99, refused, failed, shed);
    }

    /**
     * CPU per change, PostgreSQL's and this JVM's (the register, the shipper and the load all run
     * in it), and how many of the resident rows' updates stayed on their page (HOT).
     */
    void describeCpu(PrintWriter out) {
      cpu.ifPresent(
          split ->
              out.printf(
                  "    %s; %s%n    %s%n",
                  split.describe(null),
                  split.perAnswer(perSecond).replace("answer", "change"),
                  updates));
    }
  }

  /**
   * Updates of the register's rows, and how many were heap-only (HOT: no index touched), from
   * pg_stat_user_tables.
   */
  private record UpdateCounts(long updates, long hot) {
    static UpdateCounts of(DatabaseTarget database) throws Exception {
      try (Connection connection = database.dataSource().getConnection();
          Statement statement = connection.createStatement()) {
        // The statistics of other backends reach the view within a second of their commit.
        statement.execute("SELECT pg_stat_clear_snapshot(), pg_sleep(1.1)");
        try (ResultSet rows =
            statement.executeQuery(
                "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables"
                    + " WHERE schemaname = 'municipal' AND relname = 'resident'")) {
          rows.next();
          return new UpdateCounts(rows.getLong(1), rows.getLong(2));
        }
      }
    }

    String since(UpdateCounts before) {
      long all = updates - before.updates;
      long inPlace = hot - before.hot;
      return String.format(
          "municipal.resident: %,d row updates, %.0f%% of them heap-only (no index touched)",
          all, all == 0 ? 0 : 100.0 * inPlace / all);
    }
  }

  record Lag(double p50, double p99, double max, long events) {
    String describe() {
      return String.format(
          "p50 %6.1f ms  p99 %7.1f ms  max %7.1f ms  (%,d events)", p50, p99, max, events);
    }
  }

  void run() throws Exception {
    try (BenchDatabase pg = BenchDatabase.open()) {
      out.printf(
          "changes bench: %,d changes/s offered for %d s after %d s warm-up, on a nation of %,d residents;%n",
          rate, measure.toSeconds(), warmup.toSeconds(), residents);
      out.printf(
          "mix: 80%% corrections, 10%% births, 5%% deaths, 5%% My Number changes; fsync and synchronous_commit on%n%n");
      out.flush();
      DatabaseTarget shipped = seeded(pg, "shipped");
      DatabaseTarget alone = seeded(pg, "alone");
      CpuUse cpu = new CpuUse(pg.embeddedCluster());
      Result baseline = drive(alone, false, cpu);
      out.printf("  writes only (shipper off)   %s%n", baseline.describeWrites());
      baseline.describeCpu(out);
      out.print(baseline.statements());
      out.flush();
      Result full = drive(shipped, true, cpu);
      out.printf("  writes + shipping           %s%n", full.describeWrites());
      full.describeCpu(out);
      out.print(full.statements());
      out.printf("  lag to the prefecture tier  %s%n", full.prefecture().describe());
      out.printf("  lag to the national tier    %s%n", full.national().describe());
      out.printf(
          "%n  write p99 with shipping / without: %.2f; throughput ratio %.2f%n",
          full.writeP99() / baseline.writeP99(), full.perSecond() / baseline.perSecond());
      out.printf(
          "  target: %,d changes/s sustained with national p99 lag <= 1 s: %s%n",
          rate,
          full.perSecond() >= rate * 0.98
                  && full.national().p99() <= 1_000
                  && full.failed() == 0
                  && full.shed() == 0
              ? "met"
              : "NOT met");
      out.flush();
    }
  }

  private DatabaseTarget seeded(BenchDatabase pg, String purpose) throws Exception {
    return pg.nation(purpose, residents, SEED);
  }

  private record Resident(LgCode municipality, ResidentCode code) {}

  private Result drive(DatabaseTarget database, boolean ship, CpuUse cpu) throws Exception {
    List<Resident> people = residents(database);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Vertx vertx = Vertx.vertx();
    // The hub's own pool size (database.poolSize): 32 connections on two cores cost PostgreSQL
    // about a tenth more CPU per change in contention, and answered fewer.
    StorePool pool = StorePool.open(vertx, database, 16, "bench-municipal");
    StorePool national = StorePool.open(vertx, database, 16, "bench-national");
    byte[] key = new byte[32];
    new SplittableRandom(SEED + 1).nextBytes(key);
    RegisterView view =
        new RegisterView(MunicipalityCatalog.load(), GoLive.MY_NUMBER_ACT, Clock.systemUTC());
    ResidentRegister register =
        new PgResidentRegister(pool, new JlisIssuer(national, key), view, 100);
    TierShipper shipper = ship ? shipper(database, new SimpleMeterRegistry()) : null;
    try {
      // Warm-up at half the rate: the JIT, the pools and the municipalities' code bundles get ready
      // without a backlog that would spill into the measured period.
      offer(
          register,
          people,
          warmup,
          rate / 2,
          new SimpleMeterRegistry(),
          new SplittableRandom(SEED + 2));
      if (ship) {
        // A fresh shipper with fresh meters: the lag reported is the measured period's alone.
        awaitDrained(database);
        shipper.close();
        shipper = shipper(database, registry);
      }
      SimpleMeterRegistry writes = new SimpleMeterRegistry();
      PgStatements statements = PgStatements.on(database);
      statements.reset();
      UpdateCounts before = UpdateCounts.of(database);
      CpuUse.Snapshot from = cpu.snapshot();
      Counts counts =
          offer(register, people, measure, rate, writes, new SplittableRandom(SEED + 3));
      if (ship) {
        awaitDrained(database);
      }
      // Per change written, the shipping's statements included when it ran.
      String byStatement = statements.report(Math.max(1, counts.completed), 10);
      CpuUse.Snapshot to = cpu.snapshot();
      Timer write = writes.get("bench.write").timer();
      return new Result(
          counts.completed / (double) measure.toSeconds(),
          percentile(write, 0.5),
          percentile(write, 0.99),
          counts.refused,
          counts.failed,
          counts.shed,
          ship ? lag(registry, "prefecture") : null,
          ship ? lag(registry, "national") : null,
          byStatement,
          CpuUse.between(from, to, 0),
          UpdateCounts.of(database).since(before));
    } finally {
      if (shipper != null) {
        shipper.close();
      }
      pool.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      national.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static TierShipper shipper(DatabaseTarget database, SimpleMeterRegistry registry) {
    return TierShipper.start(
        TierTopology.single(database), ShipperSettings.DEFAULTS, registry, Clock.systemUTC());
  }

  private static boolean refusal(Throwable cause) {
    return cause instanceof jp.jukihub.error.HubException hub
        && (hub.code() == jp.jukihub.error.ErrorCode.RECORD_CLOSED
            || hub.code() == jp.jukihub.error.ErrorCode.INVALID_REQUEST);
  }

  private static final class Counts {
    long completed;
    long refused;
    long failed;
    long shed;
  }

  /** Starts changes on a fixed schedule for {@code duration}; waits for the last to finish. */
  private Counts offer(
      ResidentRegister register,
      List<Resident> people,
      Duration duration,
      int rate,
      SimpleMeterRegistry writes,
      SplittableRandom random)
      throws InterruptedException {
    Timer latency = Timer.builder("bench.write").publishPercentiles(0.5, 0.99).register(writes);
    AtomicInteger inFlight = new AtomicInteger();
    AtomicLong completed = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicLong shed = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    java.util.concurrent.ConcurrentHashMap<String, Long> failures =
        new java.util.concurrent.ConcurrentHashMap<>();
    long total = (long) rate * duration.toSeconds();
    long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
    long start = System.nanoTime();
    CountDownLatch done = new CountDownLatch(1);
    AtomicLong finished = new AtomicLong();
    for (long i = 0; i < total; i++) {
      long scheduled = start + i * intervalNanos;
      long wait = scheduled - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
        inFlight.decrementAndGet();
        shed.incrementAndGet();
        if (finished.incrementAndGet() == total) {
          done.countDown();
        }
        continue;
      }
      change(register, people, random)
          .onComplete(
              result -> {
                latency.record(System.nanoTime() - scheduled, TimeUnit.NANOSECONDS);
                if (result.succeeded()) {
                  completed.incrementAndGet();
                } else if (refusal(result.cause())) {
                  // The register refusing a change is an answer, not a failure: a correction of
                  // someone
                  // who died earlier in the run meets RECORD_CLOSED.
                  refused.incrementAndGet();
                } else {
                  failed.incrementAndGet();
                  String reason =
                      result.cause() instanceof jp.jukihub.error.HubException hub
                          ? hub.code().name()
                          : result.cause().toString();
                  failures.merge(reason, 1L, Long::sum);
                }
                inFlight.decrementAndGet();
                if (finished.incrementAndGet() == total) {
                  done.countDown();
                }
              });
    }
    done.await(60, TimeUnit.SECONDS);
    if (!failures.isEmpty()) {
      out.printf("    failures by code: %s%n", failures);
    }
    Counts counts = new Counts();
    counts.completed = completed.get() + refused.get();
    counts.refused = refused.get();
    counts.failed = failed.get();
    counts.shed = shed.get();
    return counts;
  }

  private static Future<RegisterAnswer> change(
      ResidentRegister register, List<Resident> people, SplittableRandom random) {
    Resident who = people.get(random.nextInt(people.size()));
    int kind = random.nextInt(100);
    LocalDate today = LocalDate.now();
    try {
      if (kind < 80) {
        return register.correct(
            who.municipality(),
            new Correction(
                who.code(),
                Optional.empty(),
                Optional.of("本町" + random.nextInt(1, 30) + "丁目" + random.nextInt(1, 20) + "番"),
                Optional.empty(),
                Optional.empty(),
                "転居",
                today),
            Optional.empty());
      }
      if (kind < 90) {
        return register.register(
            who.municipality(),
            new Registration(
                new PersonName("山田\u3000花子", "ヤマダ\u3000ハナコ"),
                new BirthDate(today),
                Sex.FEMALE,
                "本町1丁目1番",
                Household.ownHousehold(),
                "出生",
                today),
            Optional.empty());
      }
      if (kind < 95) {
        return register.recordDeath(
            who.municipality(),
            new ResidentRegister.Death(who.code(), today, "死亡"),
            Optional.empty());
      }
      return register.changeMyNumber(
          who.municipality(),
          new ResidentRegister.NumberChange(who.code(), "漏えい", today),
          Optional.empty());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private List<Resident> residents(DatabaseTarget database) throws Exception {
    List<Resident> people = new ArrayList<>();
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT lg_code, resident_code FROM municipal.resident")) {
      while (rows.next()) {
        people.add(new Resident(LgCode.of(rows.getString(1)), ResidentCode.of(rows.getString(2))));
      }
    }
    return people;
  }

  private static void awaitDrained(DatabaseTarget database) throws Exception {
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      try (Connection connection = database.dataSource().getConnection();
          Statement statement = connection.createStatement();
          ResultSet rows =
              statement.executeQuery(
                  "SELECT (SELECT count(*) FROM municipal.outbox) + (SELECT count(*) FROM prefecture.outbox)")) {
        rows.next();
        if (rows.getLong(1) == 0) {
          return;
        }
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException(
        "the shipper did not drain the outboxes within 60 s of the load's end");
  }

  private static Lag lag(SimpleMeterRegistry registry, String tier) {
    Timer timer = registry.get("hub.tier.lag").tag("tier", tier).timer();
    return new Lag(
        percentile(timer, 0.5),
        percentile(timer, 0.99),
        timer.max(TimeUnit.MILLISECONDS),
        timer.count());
  }

  private static double percentile(Timer timer, double p) {
    for (ValueAtPercentile value : timer.takeSnapshot().percentileValues()) {
      if (Math.abs(value.percentile() - p) < 1e-9) {
        return value.value(TimeUnit.MILLISECONDS);
      }
    }
    return Double.NaN;
  }
}
