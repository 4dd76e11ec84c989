package jp.jukihub.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.gateway.HubServer;
import jp.jukihub.gateway.config.HubOptions;

/**
 * {@code hub bench provision}: queries between bodies through the information-provision network
 * ({@link ProvisionQueries}: Chiyoda asks Shibuya for a person's local-tax income, each request
 * about another of N persons, every one answered 200 with the copy and recorded durably at both
 * sides) against identity lookups ({@link LookupLoad}: the lookup benchmark's mix, nine in ten from
 * the identity cache, one record each) on the same hub, the same database and the same wrk threads
 * and connections, in alternating rounds of one run. A query is one SQL join (address → token →
 * link → provider's token → copy) and two audit records; a lookup is mostly a cache hit and one
 * record.
 *
 * <p>Run: {@code ./hub bench provision} (defaults: 100,000 residents, 2,000 persons, 1 wrk thread,
 * 64 connections, 10 s warm-up, 15 s measured, 3 rounds); {@code --seconds 5 --rounds 1} for a
 * quick look. Target (from the issue): provision / lookup at least 0.8.
 */
final class ProvisionBench {
  static final double TARGET_RATIO = 0.8;

  private static final Duration LONGEST_WARMUP = Duration.ofSeconds(10);
  private static final String INSTANCE = "bench-provision";
  private static final String QUERY_ROUTE = "provision.query";
  private static final String PROVIDED_ROUTE = "provision.provide";
  private static final HubProbe.Meter QUERIES =
      new HubProbe.Meter("hub_provision_queries_total", Map.of());
  private static final HubProbe.Meter ANSWERED =
      new HubProbe.Meter(
          "hub_provision_queries_total", Map.of("item", ProvisionQueries.ITEM, "outcome", "ok"));

  private final PrintWriter out;
  private final int residents;
  private final int persons;
  private final int threads;
  private final int connections;
  private final int rounds;
  private String lastQueryStatements = "";
  private final Duration measure;
  private final Duration warmup;

  ProvisionBench(
      PrintWriter out,
      int residents,
      int persons,
      int threads,
      int connections,
      int rounds,
      Duration measure) {
    this.out = out;
    this.residents = residents;
    this.persons = persons;
    this.threads = threads;
    this.connections = connections;
    this.rounds = rounds;
    this.measure = measure;
    this.warmup = measure.compareTo(LONGEST_WARMUP) < 0 ? measure : LONGEST_WARMUP;
  }

  void run() throws Exception {
    WrkLoad.requireInstalled();
    try (BenchDatabase pg = BenchDatabase.open()) {
      out.printf("provision bench: seeding %,d residents...%n", residents);
      out.flush();
      DatabaseTarget database = pg.nation("provision", residents, LookupBench.SEED);
      // Before the hub starts: its least-privilege set-up leaves no right to create the extension.
      PgStatements statements = PgStatements.on(database);
      Path scratch = pg.scratch();
      LookupLoad lookups =
          LookupLoad.prepare(
              database, residents, LookupBench.SEED, scratch.resolve("wrk"), threads, connections);
      // The persons are the end of the lookups' cold list: drawn with the same seed, all with My
      // Numbers.
      List<String> cold = lookups.mix().cold();
      if (cold.size() < persons) {
        throw new IllegalStateException(
            "a nation of " + residents + " residents has too few for " + persons + " persons");
      }
      ProvisionQueries queries =
          ProvisionQueries.prepare(
              cold.subList(cold.size() - persons, cold.size()),
              scratch.resolve("wrk"),
              threads,
              connections);
      HubOptions options = LookupLoad.hubOptions(scratch.resolve("hub"), INSTANCE, residents);
      try (HubServer hub = HubServer.start(options, database, true, HubServer.DURABLE_AUDIT)) {
        out.printf(
            "provision bench: set-up over the API: %s and %s acquire their tokens for %,d persons (tokens:batch),"
                + " %s registers a %s copy for each (copies:batch)...%n",
            ProvisionQueries.REQUESTER,
            ProvisionQueries.PROVIDER,
            persons,
            ProvisionQueries.PROVIDER,
            ProvisionQueries.ITEM);
        out.flush();
        long begun = System.nanoTime();
        queries.setUp(hub.apiPort());
        int queryBytes = queries.check(hub.apiPort());
        int lookupBytes = lookups.sampleAnswer(hub.apiPort()).length();
        out.printf(
            "provision bench: set up in %.1f s: %,d tokens, %,d copies%n",
            (System.nanoTime() - begun) / 1e9, 2 * persons, persons);
        describe(options, queries, queryBytes, lookupBytes);
        compare(
            hub,
            lookups,
            queries,
            new HubProbe(hub.opsPort(), database, INSTANCE, QUERIES, ANSWERED),
            new CpuUse(pg.embeddedCluster()),
            statements);
      }
    }
  }

  /** What the two loads are, and how they are driven. */
  private void describe(
      HubOptions options, ProvisionQueries queries, int queryBytes, int lookupBytes) {
    out.printf(
        "provision queries: POST %s as %s for %s, %s from %s, about each of the %,d persons in turn;"
            + " answers of %,d bytes; two durable records each (requester and provider)%n",
        ProvisionQueries.PATH,
        ProvisionQueries.REQUESTER,
        ProvisionQueries.AFFAIR,
        ProvisionQueries.ITEM,
        ProvisionQueries.PROVIDER,
        persons,
        queryBytes);
    out.printf(
        "identity lookups (baseline): the lookup bench's mix, POST %s as %s for %s; %,d residents, hot list %,d,"
            + " identity cache %,d entries, one lookup in %d from the cold list (about 90%% cache hits);"
            + " answers of %,d bytes; one durable record each%n",
        LookupMix.PATH,
        LookupMix.CALLER,
        LookupMix.AFFAIR,
        residents,
        LookupLoad.hotCount(residents),
        LookupLoad.cacheEntries(residents),
        LookupMix.COLD_EVERY,
        lookupBytes);
    out.printf(
        "one hub (%d API verticles), one database, durable audit (fsync and synchronous_commit on);"
            + " load: %s for both; %d s warm-up each, then %d alternating rounds of %d s%n",
        options.apiInstances(),
        queries.describeWrk(),
        warmup.toSeconds(),
        rounds,
        measure.toSeconds());
    out.flush();
  }

  private void compare(
      HubServer hub,
      LookupLoad lookups,
      ProvisionQueries queries,
      HubProbe probe,
      CpuUse cpu,
      PgStatements statements)
      throws Exception {
    int port = hub.apiPort();
    lookups.warmCache(port);
    out.printf("identity cache warmed with the hot list: %,.0f entries%n%n", probe.cacheSize());
    out.flush();
    // One unreported run of each first: neither pays for the JIT, the pools or a cold page cache.
    lookups.run(port, warmup);
    queries.run(port, warmup);
    PairedRounds done =
        PairedRounds.alternate(
            rounds,
            () -> MeasuredRun.measure(cpu, probe, () -> lookups.run(port, measure)),
            () -> {
              statements.reset();
              MeasuredRun run = MeasuredRun.measure(cpu, probe, () -> queries.run(port, measure));
              lastQueryStatements = statements.report(run.load().requests(), 8);
              return run;
            },
            this::round);
    summary(done);
    // Where PostgreSQL's time went in the last provision round, by statement.
    out.print(lastQueryStatements);
    out.flush();
  }

  private void round(int round, MeasuredRun lookup, MeasuredRun query) {
    out.printf("  round %d  identity lookups   %s%n", round, lookup.load().describe());
    out.printf(
        "                             cache hits %.1f%%, audit records +%,d for %,d answers%n",
        100 * lookup.seen().hitRatio(), lookup.seen().records(), lookup.load().requests());
    out.printf("                             %s%n", lookup.describeCpu());
    HubProbe.Seen seen = query.seen();
    out.printf("  round %d  provision queries  %s%n", round, query.load().describe());
    out.printf(
        "                             answered with the copy +%,.0f (other outcomes %,.0f), audit records"
            + " +%,d at the requester and +%,d at the provider for %,d answers%n",
        seen.count(ANSWERED),
        seen.count(QUERIES) - seen.count(ANSWERED),
        seen.records(QUERY_ROUTE, "ok"),
        seen.records(PROVIDED_ROUTE, "ok"),
        query.load().requests());
    out.printf("                             %s%n", query.describeCpu());
    out.flush();
  }

  /** Rates, ratio, latency, CPU per answer, answers, audit, errors, the machine. */
  private void summary(PairedRounds done) {
    List<MeasuredRun> lookups = done.baselines();
    List<MeasuredRun> queries = done.subjects();
    out.printf(
        "%n  identity lookups   %,9.0f req/s (median)  p50 %5.2f ms  p99 %6.2f ms (medians)%n",
        done.baselineRate(),
        median(lookups, run -> run.load().p50Millis()),
        median(lookups, run -> run.load().p99Millis()));
    out.printf(
        "  provision queries  %,9.0f req/s (median)  p50 %5.2f ms  p99 %6.2f ms (medians)%n",
        done.subjectRate(),
        median(queries, run -> run.load().p50Millis()),
        median(queries, run -> run.load().p99Millis()));
    out.printf(
        "  provision / lookup %9.2f (median of the rounds' ratios)   target >= %.1f: %s%n",
        done.ratio(), TARGET_RATIO, done.ratio() >= TARGET_RATIO ? "met" : "NOT met");
    out.printf(
        "  CPU per answer     lookup: JVM %.0f µs, PostgreSQL %.0f µs; provision: JVM %.0f µs, PostgreSQL %.0f µs"
            + " (medians)%n",
        median(lookups, run -> perAnswer(run, true)),
        median(lookups, run -> perAnswer(run, false)),
        median(queries, run -> perAnswer(run, true)),
        median(queries, run -> perAnswer(run, false)));
    HubProbe.Seen seen =
        queries.stream().map(MeasuredRun::seen).reduce(HubProbe.Seen::plus).orElseThrow();
    long answers = queries.stream().mapToLong(run -> run.load().requests()).sum();
    boolean allAnswered =
        seen.count(QUERIES) == seen.count(ANSWERED) && seen.count(ANSWERED) >= answers;
    out.printf(
        "  answers            %s%n",
        allAnswered
            ? String.format(
                "every provision query answered 200 with the copy (%,.0f counted by the hub, %,d by wrk)",
                seen.count(ANSWERED), answers)
            : String.format(
                "NOT EVERY QUERY ANSWERED WITH A COPY: %,.0f of %,.0f",
                seen.count(ANSWERED), seen.count(QUERIES)));
    boolean durable =
        queries.stream()
                .allMatch(
                    run ->
                        run.seen().records(QUERY_ROUTE, "ok") >= run.load().requests()
                            && run.seen().records(PROVIDED_ROUTE, "ok")
                                == run.seen().records(QUERY_ROUTE, "ok"))
            && lookups.stream().allMatch(run -> run.seen().records() >= run.load().requests());
    out.printf(
        "  audit              %s%n",
        durable
            ? "no answer without its records: in every run each provision answer has its record at the requester"
                + " and one at the provider (records >= answers: wrk does not count the answers in flight when it"
                + " stops), each lookup its record"
            : "FEWER AUDIT RECORDS THAN ANSWERS (see the runs above)");
    out.printf(
        "  errors             %,d (non-2xx answers, socket errors, timeouts: both loads, every measured run)%n",
        done.all().mapToLong(MeasuredRun::errors).sum());
    CpuUse.verdict(done.all().map(MeasuredRun::cpu))
        .ifPresent(verdict -> out.printf("  machine            %s%n", verdict));
    out.flush();
  }

  private static double perAnswer(MeasuredRun run, boolean jvm) {
    return run.cpu()
        .map(split -> 1e6 * (jvm ? split.jvm() : split.postgres()) / run.rate())
        .orElse(Double.NaN);
  }

  private static double median(List<MeasuredRun> runs, ToDoubleFunction<MeasuredRun> figure) {
    return Median.of(runs.stream().map(run -> figure.applyAsDouble(run)).toList());
  }
}
