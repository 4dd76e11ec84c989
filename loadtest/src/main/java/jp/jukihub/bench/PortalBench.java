package jp.jukihub.bench;

import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.database.StorePool;
import jp.jukihub.gateway.HubServer;
import jp.jukihub.gateway.config.HubOptions;
import jp.jukihub.keys.KeyFile;
import jp.jukihub.number.ResidentCode;
import jp.jukihub.portal.AccessHistory;
import jp.jukihub.provision.NetworkKey;

/**
 * {@code hub bench portal}: a resident's first page of access records (GET {@value #PATH}) from My
 * Portal over TLS with their card as the client certificate, at a constant {@value #RATE} requests
 * a second (open model, latency from the scheduled time), with a trail of N audit records (default
 * 10 million; written with SQL, {@link PortalTrailFill}) of which {@value #RESIDENT_RECORDS} over
 * seven years are the resident's; then the plan of the page's statement and whether it reads every
 * branch on the subject index.
 *
 * <p>Run: {@code ./hub bench portal} (defaults: 10,000,000 records, 30 s measured after a warm-up
 * of 10 s); {@code --records 1000000 --seconds 10} for a quick look. Target (from the issue): p99
 * at most 50 ms at 200 requests a second.
 */
final class PortalBench {
  static final double TARGET_P99_MILLIS = 50;
  static final int RATE = 200;
  static final int RESIDENT_RECORDS = 2_000;
  static final int PAGE = 50;
  static final String PATH = "/v1/portal/me/accesses?limit=" + PAGE;

  private static final String INSTANCE = "bench-portal";
  private static final int RESIDENTS = 500;
  private static final int FILL_WORKERS = 2;
  private static final Duration LONGEST_WARMUP = Duration.ofSeconds(10);
  // The portal leaves the provider's side of an exchange out (AccessDescriptions.REPEATED).
  private static final List<String> REPEATED = List.of("provision.provide");

  private final PrintWriter out;
  private final long records;
  private final Duration measure;
  private final Duration warmup;

  PortalBench(PrintWriter out, long records, Duration measure) {
    this.out = out;
    this.records = records;
    this.measure = measure;
    this.warmup = measure.compareTo(LONGEST_WARMUP) < 0 ? measure : LONGEST_WARMUP;
  }

  void run() throws Exception {
    try (BenchDatabase pg = BenchDatabase.open()) {
      print("portal bench: seeding %,d residents...", RESIDENTS);
      DatabaseTarget database = pg.nation("portal", RESIDENTS, LookupBench.SEED);
      HubOptions options = LookupLoad.hubOptions(pg.scratch().resolve("hub"), INSTANCE, RESIDENTS);
      options = options.withPortal(options.portal().withEnabled(true));
      try (HubServer hub = HubServer.start(options, database, true, HubServer.DURABLE_AUDIT)) {
        PortalResident resident = PortalResident.register(hub.apiPort(), database);
        print(
            "portal bench: a newborn registered in Chiyoda over the API, card issued (person id %d)",
            resident.personId());
        fill(database, resident.personId());
        pg.embeddedCluster()
            .ifPresent(dir -> print("  disk: the database cluster holds %s (du -sh)", du(dir)));
        List<Long> subjects = subjects(options.dataDirectory(), resident);
        boolean indexed = explain(database, subjects);
        Path bodyCa = options.dataDirectory().resolve("keys").resolve("body-ca.crt");
        CardRateLoad load = new CardRateLoad(resident.tls(bodyCa), hub.portalPort(), PATH, PAGE);
        load.check();
        double[] one = load.sequential(40);
        print(
            "%nportal bench: 40 first pages one after the other: median %.1f ms, slowest %.1f ms",
            one[one.length / 2], one[one.length - 1]);
        print(
            "%nload: GET %s on the portal's HTTPS listener (TLS, the card as client certificate), %d req/s"
                + " constant (open model, latency from the scheduled time), at most %d HTTP/1.1 keep-alive connections, one hub"
                + " (%d API verticles), durable audit (each read recorded under the resident); %d s warm-up,"
                + " then %d s measured",
            PATH,
            RATE,
            CardRateLoad.CONNECTIONS,
            options.apiInstances(),
            warmup.toSeconds(),
            measure.toSeconds());
        // A ramp: a cold hub (JIT, each connection's generic plan) at a quarter of the rate first,
        // so the measured run does not start behind a backlog the warm-up left.
        CardRateLoad.Result ramp = load.run(RATE / 4, warmup);
        print("  ramp      %s", ramp.describe());
        CardRateLoad.Result warm = load.run(RATE, warmup);
        print("  warm-up   %s", warm.describe());
        CardRateLoad.Result result = load.run(RATE, measure);
        print("  measured  %s", result.describe());
        if (result.firstFailure() != null) {
          print("  first failure: %s", result.firstFailure());
        }
        boolean pass =
            result.p99() <= TARGET_P99_MILLIS
                && result.failures() == 0
                && result.answered() >= 0.95 * RATE;
        print(
            "%nportal first page: p99 %.1f ms at %d/s (target ≤ %.0f ms): %s%s",
            result.p99(),
            RATE,
            TARGET_P99_MILLIS,
            pass ? "PASS" : "MISS",
            indexed ? "" : " (and a branch did not use the subject index: see the plan)");
      }
    }
  }

  /** Partitions, then the records, then VACUUM ANALYZE; each timed. */
  private void fill(DatabaseTarget database, long personId) throws Exception {
    PortalTrailFill fill = new PortalTrailFill(database, FILL_WORKERS);
    // A minute back: the hub's own records (and the notice lane's cursor) stay the newest.
    Instant end = Instant.now().minus(Duration.ofMinutes(1));
    int months = fill.createPartitions(end);
    print(
        "portal bench: filling the trail with %,d records over %d monthly partitions (%d parallel"
            + " INSERT ... SELECT, chain '%s'), %,d of them the resident's...",
        records, months, FILL_WORKERS, PortalTrailFill.CHAIN, RESIDENT_RECORDS);
    long begun = System.nanoTime();
    long step = Math.max(records / 10, 1);
    fill.fill(
        records,
        RESIDENT_RECORDS,
        personId,
        end,
        written -> {
          if (written % step < 250_000 || written == records) {
            print("  %,d records written (%.0f s)", written, (System.nanoTime() - begun) / 1e9);
          }
        });
    double filled = (System.nanoTime() - begun) / 1e9;
    long vacuumBegun = System.nanoTime();
    fill.vacuumAnalyze();
    double vacuumed = (System.nanoTime() - vacuumBegun) / 1e9;
    long[] counted = fill.count(personId);
    print(
        "  fill: %,d records in %.1f s (%,.0f records/s); VACUUM ANALYZE %.1f s; the trail holds %,d"
            + " records, %,d of them about the resident",
        records, filled, records / filled, vacuumed, counted[0], counted[1]);
  }

  /** The resident's subjects, as the portal finds them (ResidentFinder). */
  private static List<Long> subjects(Path dataDirectory, PortalResident resident) {
    NetworkKey network =
        new NetworkKey(
            KeyFile.loadOrCreate(
                dataDirectory.resolve("keys").resolve("provision-network.key"),
                NetworkKey.KEY_BYTES));
    byte[] link = network.link(ResidentCode.of(resident.residentCode()));
    return List.of(resident.personId(), network.recordSubject(link));
  }

  /** Prints the first page's plan (EXPLAIN ANALYZE); whether every scan is on the subject index. */
  private boolean explain(DatabaseTarget database, List<Long> subjects) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      // On the sessions the portal reads on: generic plans (AccessHistory.SESSION).
      StorePool pool = StorePool.open(vertx, database, 2, "bench-explain", AccessHistory.SESSION);
      AccessHistory history = new AccessHistory(pool, Clock.systemUTC());
      AccessHistory.Query query =
          new AccessHistory.Query(subjects, null, null, null, REPEATED, null, PAGE);
      // The first run reads the pages from disk; the second shows the plan as the load meets it.
      history.explain(query).toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
      List<String> plan =
          history.explain(query).toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
      pool.close().toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
      PlanIndexUse use = PlanIndexUse.of(plan, subjects.size());
      print(
          "%nplan of the first page (AccessHistory.explain: EXPLAIN (ANALYZE, BUFFERS), subjects: person"
              + " id and provision pseudonym), %d lines:",
          plan.size());
      use.condensed().forEach(line -> print("  %s", line));
      print("  index use: %s", use.describe());
      return use.subjectIndexOnly();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
    }
  }

  private static String du(Path directory) {
    try {
      Process du = new ProcessBuilder("du", "-sh", directory.toString()).start();
      String line = new String(du.getInputStream().readAllBytes()).trim();
      du.waitFor(1, TimeUnit.MINUTES);
      return line.isEmpty() ? "?" : line.split("\\s+")[0];
    } catch (Exception e) {
      return "? (" + e.getMessage() + ")";
    }
  }

  private void print(String format, Object... args) {
    out.printf(format + "%n", args);
    out.flush();
  }
}
