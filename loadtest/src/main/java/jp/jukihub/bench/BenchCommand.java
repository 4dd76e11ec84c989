package jp.jukihub.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./hub bench NAME}: the benchmarks, each printing its figures and ratios. */
@Command(
    name = "bench",
    description = "Run a benchmark and print its figures beside its baseline.",
    subcommands = {
      BenchCommand.Audit.class,
      BenchCommand.Changes.class,
      BenchCommand.Cluster.class,
      BenchCommand.Crl.class,
      BenchCommand.Lookup.class,
      BenchCommand.Memory.class,
      BenchCommand.Ocsp.class,
      BenchCommand.Portal.class,
      BenchCommand.Provision.class,
      BenchCommand.All.class,
      CommandLine.HelpCommand.class
    })
public final class BenchCommand implements Runnable {
  /** What {@code bench provision} compares, as BENCHMARKS.md states it. */
  static final String PROVISION_METHOD =
      "Provision queries (Chiyoda asks Shibuya for a person's local-tax income under child allowance, each request"
          + " about the next of 2,000 persons whose tokens and copies were set up over the API; every answer 200 with"
          + " the copy, recorded durably at the requester and at the provider) against identity lookups (the lookup"
          + " bench's mix, about 90% cache hits, one record each) on the same hub and database, both driven by wrk"
          + " with the same threads and connections in alternating rounds.";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    CommandLine line = new CommandLine(new BenchCommand());
    line.setExecutionExceptionHandler(
        (failure, command, parsed) -> {
          command.getErr().println("error: " + failure.getMessage());
          return 1;
        });
    System.exit(line.execute(args));
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "name a benchmark: audit, changes, cluster, crl, lookup, memory, ocsp, portal, provision, or all");
  }

  @Command(
      name = "cluster",
      description =
          "Lookups through HAProxy to one node and to two, and straight to one node, side by side"
              + " (a running ./hub cluster; ./hub bench cluster prepares the arguments).")
  static final class Cluster implements Callable<Integer> {
    @Option(names = "--certificates", required = true, description = "jps's certificate directory")
    Path certificates;

    @Option(names = "--numbers", required = true, description = "My Numbers to look up, one a line")
    Path numbers;

    @Option(names = "--node-port", required = true, description = "node 1's API port")
    int nodePort;

    @Option(names = "--balancer-port", required = true, description = "HAProxy's API port")
    int balancerPort;

    @Option(names = "--admin-socket", required = true, description = "HAProxy's admin socket")
    Path adminSocket;

    @Option(
        names = "--seconds",
        paramLabel = "S",
        description = "measured seconds per run (default: ${DEFAULT-VALUE})")
    int seconds = 15;

    @Option(
        names = "--rounds",
        paramLabel = "R",
        description = "alternating rounds; medians are reported (default: ${DEFAULT-VALUE})")
    int rounds = 3;

    @Option(
        names = "--connections",
        paramLabel = "C",
        description =
            "keep-alive connections, each one request at a time (default: ${DEFAULT-VALUE})")
    int connections = 16;

    @Override
    public Integer call() throws Exception {
      return new ClusterBench(
              new ClusterBench.Settings(
                  certificates,
                  java.nio.file.Files.readAllLines(numbers).stream()
                      .filter(line -> !line.isBlank())
                      .toList(),
                  nodePort,
                  balancerPort,
                  adminSocket,
                  seconds,
                  rounds,
                  connections))
          .run();
    }
  }

  @Command(
      name = "audit",
      description =
          "Durable audit writer versus raw PostgreSQL; audited route with versus without audit.")
  static final class Audit implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--records",
        paramLabel = "N",
        description = "records per writer run (default: ${DEFAULT-VALUE})")
    int records = 400_000;

    @Option(
        names = "--rounds",
        paramLabel = "R",
        description = "alternating rounds; medians are reported (default: ${DEFAULT-VALUE})")
    int rounds = 3;

    @Option(
        names = "--seconds",
        paramLabel = "S",
        description =
            "measured seconds per HTTP run, after a warm-up of half as long (default: ${DEFAULT-VALUE})")
    int seconds = 10;

    @Override
    public Integer call() throws Exception {
      if (records < 10_000 || rounds < 1 || seconds < 2) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "need --records >= 10000, --rounds >= 1, --seconds >= 2");
      }
      PrintWriter out = spec.commandLine().getOut();
      new AuditBench(
              out,
              records,
              rounds,
              Duration.ofSeconds(Math.max(2, seconds / 2)),
              Duration.ofSeconds(seconds))
          .run();
      return 0;
    }
  }

  @Command(
      name = "changes",
      description =
          "Municipal changes at a fixed rate through all three tiers: propagation lag, and the write path's cost.")
  static final class Changes implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--rate",
        paramLabel = "R",
        description = "changes per second offered (default: ${DEFAULT-VALUE})")
    int rate = 2_000;

    @Option(
        names = "--seconds",
        paramLabel = "S",
        description =
            "measured seconds, after a warm-up of a third as long (default: ${DEFAULT-VALUE})")
    int seconds = 60;

    @Option(
        names = "--residents",
        paramLabel = "N",
        description = "size of the seeded nation (default: ${DEFAULT-VALUE})")
    int residents = 200_000;

    @Override
    public Integer call() throws Exception {
      if (rate < 1 || rate > 100_000 || seconds < 3 || residents < 1_000) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "need --rate 1-100000, --seconds >= 3, --residents >= 1000");
      }
      PrintWriter out = spec.commandLine().getOut();
      new ChangesBench(
              out,
              residents,
              rate,
              Duration.ofSeconds(Math.max(2, seconds / 3)),
              Duration.ofSeconds(seconds))
          .run();
      return 0;
    }
  }

  @Command(
      name = "crl",
      description =
          "A JPKI shard CRL of a million revoked certificates signed by CrlSigner, beside BouncyCastle's X509v2CRLBuilder.")
  static final class Crl implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--entries",
        paramLabel = "N",
        description = "revoked certificates in the CRL (default: ${DEFAULT-VALUE})")
    int entries = 1_000_000;

    @Option(
        names = "--rounds",
        paramLabel = "R",
        description =
            "measured CrlSigner rounds; the median is reported (default: ${DEFAULT-VALUE})")
    int rounds = 3;

    @Override
    public Integer call() throws Exception {
      if (entries < 1_000 || entries > 20_000_000 || rounds < 1) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "need --entries 1000-20000000, --rounds >= 1");
      }
      new CrlBench(spec.commandLine().getOut(), entries, rounds).run();
      return 0;
    }
  }

  @Command(
      name = "memory",
      description =
          "Heap per cached identity (a million in at most 400 MB) and per pre-signed OCSP answer.")
  static final class Memory implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--identities",
        paramLabel = "N",
        description = "residents cached (default: ${DEFAULT-VALUE})")
    int identities = 1_000_000;

    @Option(
        names = "--answers",
        paramLabel = "N",
        description = "pre-signed OCSP answers held (default: ${DEFAULT-VALUE})")
    int answers = 1_000_000;

    @Override
    public Integer call() throws Exception {
      if (identities < 10_000
          || identities > 5_000_000
          || answers < 10_000
          || answers > 5_000_000) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "need --identities and --answers 10000-5000000");
      }
      new MemoryBench(spec.commandLine().getOut(), identities, answers).run();
      return 0;
    }
  }

  @Command(
      name = "lookup",
      description =
          "Lookups by My Number (90%% cache hits, durable audit) versus a bare Vert.x hello world, both driven by wrk;"
              + " then p99 at half the hub's peak.")
  static final class Lookup implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--seconds",
        paramLabel = "S",
        description =
            "measured seconds per run, after a warm-up of 10 s or S if shorter (default: ${DEFAULT-VALUE})")
    int seconds = 15;

    @Option(
        names = "--rounds",
        paramLabel = "R",
        description = "alternating rounds; medians are reported (default: ${DEFAULT-VALUE})")
    int rounds = 3;

    @Option(
        names = "--connections",
        paramLabel = "C",
        description = "wrk connections, and the fixed-rate load's (default: ${DEFAULT-VALUE})")
    int connections = 64;

    @Option(
        names = "--threads",
        paramLabel = "T",
        description = "wrk threads (default: ${DEFAULT-VALUE})")
    int threads = 1;

    @Option(
        names = "--residents",
        paramLabel = "N",
        description =
            "size of the seeded nation; a tenth of it is the hot list (default: ${DEFAULT-VALUE})")
    int residents = 100_000;

    @Override
    public Integer call() throws Exception {
      if (seconds < 2
          || rounds < 1
          || threads < 1
          || connections < threads
          || connections > 10_000
          || residents < 10_000) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "need --seconds >= 2, --rounds >= 1, --threads >= 1, --connections from T to 10000, --residents >= 10000");
      }
      PrintWriter out = spec.commandLine().getOut();
      new LookupBench(out, residents, threads, connections, rounds, Duration.ofSeconds(seconds))
          .run();
      return 0;
    }
  }

  @Command(
      name = "ocsp",
      description =
          "OCSP answers from the hub (pre-signed, full pipeline) versus the real openssl ocsp responder (-multi 2) on the same"
              + " CA and certificates, and a bare Vert.x hello world; all driven by wrk.")
  static final class Ocsp implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--seconds",
        paramLabel = "S",
        description =
            "measured seconds per run, after a warm-up of 10 s or S if shorter (default: ${DEFAULT-VALUE})")
    int seconds = 15;

    @Option(
        names = "--rounds",
        paramLabel = "R",
        description = "alternating rounds; medians are reported (default: ${DEFAULT-VALUE})")
    int rounds = 3;

    @Option(
        names = "--connections",
        paramLabel = "C",
        description = "wrk connections (default: ${DEFAULT-VALUE})")
    int connections = 64;

    @Option(
        names = "--threads",
        paramLabel = "T",
        description = "wrk threads (default: ${DEFAULT-VALUE})")
    int threads = 1;

    @Option(
        names = "--certificates",
        paramLabel = "N",
        description = "certificates issued; one in ten revoked (default: ${DEFAULT-VALUE})")
    int certificates = 2_000;

    @Override
    public Integer call() throws Exception {
      if (seconds < 2
          || rounds < 1
          || threads < 1
          || connections < threads
          || connections > 10_000
          || certificates < 10) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "need --seconds >= 2, --rounds >= 1, --threads >= 1, --connections from T to 10000, --certificates >= 10");
      }
      new OcspBench(
              spec.commandLine().getOut(),
              certificates,
              threads,
              connections,
              rounds,
              Duration.ofSeconds(seconds))
          .run();
      return 0;
    }
  }

  @Command(
      name = "portal",
      description =
          "A resident's first page of access records from My Portal over TLS with their card, at 200 req/s"
              + " (open model) over a trail of N audit records; p99, and the plan's index use.")
  static final class Portal implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--records",
        paramLabel = "N",
        description =
            "audit records written into the trail with SQL, 2,000 of them the resident's (default: ${DEFAULT-VALUE})")
    long records = 10_000_000;

    @Option(
        names = "--seconds",
        paramLabel = "S",
        description =
            "measured seconds, after a warm-up of 10 s or S if shorter (default: ${DEFAULT-VALUE})")
    int seconds = 30;

    @Override
    public Integer call() throws Exception {
      if (records < 100_000 || records > 1_000_000_000 || seconds < 2) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "need --records 100000-1000000000, --seconds >= 2");
      }
      new PortalBench(spec.commandLine().getOut(), records, Duration.ofSeconds(seconds)).run();
      return 0;
    }
  }

  @Command(
      name = "provision",
      description =
          "Provision queries between bodies (each answered with a copy, recorded at both sides) versus identity lookups"
              + " (the lookup bench's 90%% cache-hit mix) on the same hub, both driven by wrk in alternating rounds.")
  static final class Provision implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--seconds",
        paramLabel = "S",
        description =
            "measured seconds per run, after a warm-up of 10 s or S if shorter (default: ${DEFAULT-VALUE})")
    int seconds = 15;

    @Option(
        names = "--rounds",
        paramLabel = "R",
        description = "alternating rounds; medians are reported (default: ${DEFAULT-VALUE})")
    int rounds = 3;

    @Option(
        names = "--connections",
        paramLabel = "C",
        description = "wrk connections (default: ${DEFAULT-VALUE})")
    int connections = 64;

    @Option(
        names = "--threads",
        paramLabel = "T",
        description = "wrk threads (default: ${DEFAULT-VALUE})")
    int threads = 1;

    @Option(
        names = "--persons",
        paramLabel = "P",
        description =
            "persons both municipalities acquire tokens for, each with a copy at the provider (default: ${DEFAULT-VALUE})")
    int persons = 2_000;

    @Option(
        names = "--residents",
        paramLabel = "N",
        description =
            "size of the seeded nation; a tenth of it is the lookups' hot list (default: ${DEFAULT-VALUE})")
    int residents = 100_000;

    @Override
    public Integer call() throws Exception {
      if (seconds < 2
          || rounds < 1
          || threads < 1
          || connections < threads
          || connections > 10_000
          || residents < 10_000
          || persons < 1
          || persons > Math.min(999_999, residents / 2)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "need --seconds >= 2, --rounds >= 1, --threads >= 1, --connections from T to 10000, --residents >= 10000,"
                + " --persons from 1 to half the residents");
      }
      new ProvisionBench(
              spec.commandLine().getOut(),
              residents,
              persons,
              threads,
              connections,
              rounds,
              Duration.ofSeconds(seconds))
          .run();
      return 0;
    }
  }

  @Command(
      name = "all",
      description =
          "Every benchmark with its defaults, one after the other, into one report (BENCHMARKS.md).")
  static final class All implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--out",
        paramLabel = "FILE",
        description = "the report (default: ${DEFAULT-VALUE})")
    java.nio.file.Path out = java.nio.file.Path.of("BENCHMARKS.md");

    @Override
    public Integer call() throws Exception {
      new BenchReport(spec.commandLine().getOut(), out)
          .run(
              java.util.List.of(
                  new BenchReport.Entry(
                      "audit",
                      "./hub bench audit",
                      "The durable audit writer (group commit, hash chain, signed checkpoints) against raw PostgreSQL"
                          + " inserts of the same rows; then an audited route with the durable trail against the same route with a no-op trail.",
                      report ->
                          new AuditBench(
                                  report, 400_000, 3, Duration.ofSeconds(5), Duration.ofSeconds(10))
                              .run()),
                  new BenchReport.Entry(
                      "changes",
                      "./hub bench changes",
                      "Municipal changes at 2,000/s (the issue's figure; open model) through all three tiers: the write path with the shipper off"
                          + " (baseline) and on, and the propagation lag to the prefecture and national tiers.",
                      report ->
                          new ChangesBench(
                                  report,
                                  200_000,
                                  2_000,
                                  Duration.ofSeconds(20),
                                  Duration.ofSeconds(60))
                              .run()),
                  new BenchReport.Entry(
                      "crl",
                      "./hub bench crl",
                      "A JPKI shard CRL of 1,000,000 revoked certificates (the issue's figure; target at most 10 s) signed by CrlSigner"
                          + " in 3 rounds, beside the same CRL from BouncyCastle's X509v2CRLBuilder (the baseline), after a warm-up of"
                          + " 100,000 entries each; then the JDK parses the result.",
                      report -> new CrlBench(report, 1_000_000, 3).run()),
                  new BenchReport.Entry(
                      "lookup",
                      "./hub bench lookup",
                      "Identity lookups by My Number (90% cache hits, durable audit) against a bare Vert.x hello world, both driven by"
                          + " wrk in alternating rounds; then the p99 at half the hub's peak with an open-model load.",
                      report ->
                          new LookupBench(report, 100_000, 1, 64, 3, Duration.ofSeconds(15)).run()),
                  new BenchReport.Entry(
                      "ocsp",
                      "./hub bench ocsp",
                      "OCSP answers (pre-signed path, through the whole pipeline) from the hub against the real openssl ocsp responder"
                          + " (-multi 2, in its own network namespace) on the same RSA CA and certificates, and against a bare Vert.x hello"
                          + " world answering as many bytes; all three driven by wrk with the same script in alternating rounds.",
                      report ->
                          new OcspBench(report, 2_000, 1, 64, 3, Duration.ofSeconds(15)).run()),
                  new BenchReport.Entry(
                      "portal",
                      "./hub bench portal",
                      "A resident's first page of access records (GET /v1/portal/me/accesses?limit=50) from My Portal over"
                          + " TLS with their card as client certificate, at a constant 200 req/s (open model, latency from the"
                          + " scheduled time; target p99 at most 50 ms), over a trail of 10,000,000 audit records written"
                          + " with SQL, 2,000 of them the resident's over 7 years; then the plan's index use.",
                      report -> new PortalBench(report, 10_000_000, Duration.ofSeconds(30)).run()),
                  new BenchReport.Entry(
                      "provision",
                      "./hub bench provision",
                      PROVISION_METHOD,
                      report ->
                          new ProvisionBench(
                                  report, 100_000, 2_000, 1, 64, 3, Duration.ofSeconds(15))
                              .run())));
      return 0;
    }
  }
}
