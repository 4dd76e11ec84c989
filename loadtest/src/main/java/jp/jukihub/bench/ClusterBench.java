package jp.jukihub.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;

/**
 * {@code ./hub bench cluster}: identity lookups by jps over mutual TLS, as fast as C keep-alive
 * connections go (closed loop), in three ways side by side, in alternating rounds: straight to node
 * 1, through HAProxy with node 2 drained (the balancer's cost), and through HAProxy to both nodes
 * (the cluster's overhead: two JVMs, two audit chains and their lanes on the same two cores).
 * HAProxy is switched over its admin socket; every run opens its connections afresh, so the
 * balancer spreads them.
 */
final class ClusterBench {
  private static final long SEED = 20_261_207L;
  private static final String[] WAYS = {
    "direct to node-1", "HAProxy, node-1 only", "HAProxy, both"
  };

  record Settings(
      Path certificates,
      List<String> myNumbers,
      int nodePort,
      int balancerPort,
      Path adminSocket,
      int seconds,
      int rounds,
      int connections) {}

  /** One run: answers a second (200 only), latency percentiles, failures, connections per node. */
  record Run(double perSecond, double p50, double p99, long failures, String spread) {}

  private final Settings settings;
  private final SSLContext tls;
  private final HaproxyAdmin haproxy;

  ClusterBench(Settings settings) throws Exception {
    // The JDK's client keeps idle connections 20 minutes and cannot be closed (Java 17): a run's
    // connections would outlive it, and the next run's balancer would send all of its own to the
    // other node (least connections). Read once, before the first client is built.
    System.setProperty("jdk.httpclient.keepalive.timeout", "1");
    this.settings = settings;
    this.tls = BodyCertificate.tls(settings.certificates(), "jps");
    this.haproxy = new HaproxyAdmin(settings.adminSocket());
  }

  int run() throws Exception {
    System.out.printf(
        "bench cluster: %d rounds of %d s per way (after a 5 s warm-up), %d connections, lookups"
            + " of %d residents by jps%n",
        settings.rounds(), settings.seconds(), settings.connections(), settings.myNumbers().size());
    List<List<Run>> runs = new ArrayList<>();
    for (int way = 0; way < WAYS.length; way++) {
      runs.add(new ArrayList<>());
    }
    try {
      // Both JVMs' JIT and caches warm before anything counts: the first round was 3x slower.
      haproxy.run("set server nodes/node-2 state ready");
      Run warm = measure(settings.balancerPort(), 20);
      System.out.printf("  warm-up through HAProxy to both: %,.0f lookups/s%n", warm.perSecond());
      for (int round = 1; round <= settings.rounds(); round++) {
        for (int way = 0; way < WAYS.length; way++) {
          haproxy.run(
              way == 1
                  ? "set server nodes/node-2 state drain"
                  : "set server nodes/node-2 state ready");
          int port = way == 0 ? settings.nodePort() : settings.balancerPort();
          Run run = measure(port, settings.seconds());
          runs.get(way).add(run);
          System.out.printf(
              "  round %d, %-22s %,8.0f lookups/s  p50 %6.2f ms  p99 %7.2f ms  failures %d%s%n",
              round,
              WAYS[way] + ":",
              run.perSecond(),
              run.p50(),
              run.p99(),
              run.failures(),
              way == 0 ? "" : "  connections " + run.spread());
        }
      }
    } finally {
      haproxy.run("set server nodes/node-2 state ready");
    }
    double[] rates = new double[WAYS.length];
    for (int way = 0; way < WAYS.length; way++) {
      rates[way] = Median.of(runs.get(way).stream().map(Run::perSecond).toList());
      System.out.printf(
          "median %-22s %,8.0f lookups/s  p99 %7.2f ms%n",
          WAYS[way] + ":", rates[way], Median.of(runs.get(way).stream().map(Run::p99).toList()));
    }
    System.out.printf(
        "HAProxy to one node / direct: %.2f (the balancer's cost)%n"
            + "HAProxy to two nodes / HAProxy to one: %.2f (2 cores: no scaling is expected here;"
            + " this is the second node's overhead)%n",
        rates[1] / rates[0], rates[2] / rates[1]);
    return runs.stream().flatMap(List::stream).anyMatch(run -> run.failures() > 0) ? 1 : 0;
  }

  private Run measure(int port, int seconds) throws Exception {
    HttpClient http =
        HttpClient.newBuilder()
            .sslContext(tls)
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    URI uri = URI.create("https://127.0.0.1:" + port + "/v1/identity/lookup");
    AtomicBoolean counting = new AtomicBoolean();
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong failures = new AtomicLong();
    List<long[]> latencies = new ArrayList<>();
    List<Thread> workers = new ArrayList<>();
    for (int c = 0; c < settings.connections(); c++) {
      long[] mine = new long[200_001];
      SplittableRandom random = new SplittableRandom(SEED + c); // the same draw every run
      latencies.add(mine);
      Thread worker =
          new Thread(
              () -> {
                int n = 0;
                while (running.get()) {
                  String number =
                      settings.myNumbers().get(random.nextInt(settings.myNumbers().size()));
                  HttpRequest request =
                      HttpRequest.newBuilder(uri)
                          .timeout(Duration.ofSeconds(10))
                          .header("Content-Type", "application/json")
                          .header("X-Jukihub-Operator", "bench-cluster")
                          .POST(
                              HttpRequest.BodyPublishers.ofString(
                                  "{\"affair\":\"t1-national-pension\",\"myNumber\":\""
                                      + number
                                      + "\"}"))
                          .build();
                  long begun = System.nanoTime();
                  boolean ok;
                  try {
                    ok =
                        http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode()
                            == 200;
                  } catch (IOException e) {
                    ok = false;
                  } catch (InterruptedException e) {
                    return;
                  }
                  if (counting.get()) {
                    if (ok && n < mine.length) {
                      mine[n++] = System.nanoTime() - begun;
                    } else if (!ok) {
                      failures.incrementAndGet();
                    }
                  }
                }
                mine[mine.length - 1] = n; // how many were kept, in the last slot
              },
              "bench-cluster-" + c);
      worker.setDaemon(true);
      workers.add(worker);
      worker.start();
    }
    Thread.sleep(5_000);
    counting.set(true);
    long begun = System.nanoTime();
    String spread = port == settings.balancerPort() ? spread() : "";
    Thread.sleep(seconds * 1000L);
    counting.set(false);
    double elapsed = (System.nanoTime() - begun) / 1e9;
    running.set(false);
    for (Thread worker : workers) {
      worker.join(15_000);
    }
    Thread.sleep(2_500); // its connections close (keepalive.timeout), and the nodes see it
    int total = 0;
    for (long[] mine : latencies) {
      total += (int) mine[mine.length - 1];
    }
    long[] all = new long[total];
    int at = 0;
    for (long[] mine : latencies) {
      int kept = (int) mine[mine.length - 1];
      System.arraycopy(mine, 0, all, at, kept);
      at += kept;
    }
    Arrays.sort(all);
    return new Run(
        total / elapsed, percentile(all, 0.5), percentile(all, 0.99), failures.get(), spread);
  }

  /** HAProxy's open connections to each node now ("node-1 16, node-2 0"). */
  private String spread() throws IOException {
    List<String> nodes = new ArrayList<>();
    for (String line : haproxy.ask("show stat").split("\n")) {
      String[] fields = line.split(",", -1);
      if (fields.length > 4 && fields[0].equals("nodes") && fields[1].startsWith("node-")) {
        nodes.add(fields[1] + " " + fields[4]);
      }
    }
    return String.join(", ", nodes);
  }

  private static double percentile(long[] sorted, double p) {
    return sorted.length == 0
        ? 0
        : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
  }
}
