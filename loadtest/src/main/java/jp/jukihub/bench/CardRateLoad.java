package jp.jukihub.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLContext;

/**
 * GETs at a constant rate over TLS, open model, with a card as the client certificate: request i is
 * due at {@code start + i / rate} whether or not earlier ones were answered, and its latency is
 * counted from that moment (no coordinated omission). At most {@value #CONNECTIONS} requests are in
 * flight, on as many HTTP/1.1 keep-alive connections of the JDK's client; a request due while all
 * are busy waits for one, and the wait counts in its latency (without the cap a slow patch makes
 * the client open a TLS connection per waiting request, and the handshakes swamp the server). Each
 * answer must be 200 with the page's {@code expected} accesses; anything else counts as a failure.
 */
final class CardRateLoad {
  static final int CONNECTIONS = 16;
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** The measured window's figures; latencies in milliseconds from the scheduled time. */
  record Result(
      double offered,
      double answered,
      long requests,
      double p50,
      double p90,
      double p99,
      double max,
      long failures,
      String firstFailure) {
    String describe() {
      return String.format(
          "offered %.0f req/s, answered %.1f req/s (200 with a full page)  p50 %.2f ms  p90 %.2f ms"
              + "  p99 %.2f ms  max %.2f ms  failures %d of %,d",
          offered, answered, p50, p90, p99, max, failures, requests);
    }
  }

  private final HttpClient http;
  private final HttpRequest request;
  private final int expected;

  CardRateLoad(SSLContext tls, int port, String path, int expected) {
    ExecutorService answers =
        Executors.newFixedThreadPool(
            2,
            task -> {
              Thread thread = new Thread(task, "portal-load");
              thread.setDaemon(true);
              return thread;
            });
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(tls)
            .executor(answers)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    this.request =
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
            .header("Accept", "application/json")
            .timeout(TIMEOUT)
            .GET()
            .build();
    this.expected = expected;
  }

  /** One request, answered and checked: the answer's body (fails unless it is a full page). */
  String check() throws Exception {
    HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
    String failure = failure(answer.statusCode(), answer.body());
    if (failure != null) {
      throw new IllegalStateException("the portal answered the first page with " + failure);
    }
    return answer.body();
  }

  /** The latency of {@code count} requests one after the other, in milliseconds, sorted. */
  double[] sequential(int count) throws Exception {
    double[] latencies = new double[count];
    for (int i = 0; i < count; i++) {
      long begun = System.nanoTime();
      check();
      latencies[i] = (System.nanoTime() - begun) / 1e6;
    }
    Arrays.sort(latencies);
    return latencies;
  }

  /** Offers {@code rate} requests a second for {@code duration}; waits for every answer. */
  Result run(double rate, Duration duration) throws InterruptedException {
    long total = (long) (rate * duration.toNanos() / 1e9);
    long interval = (long) (1e9 / rate);
    long[] latencies = new long[(int) total];
    // An answer that never comes counts as slower than the timeout.
    Arrays.fill(latencies, TIMEOUT.toNanos() + 1);
    AtomicLong failures = new AtomicLong();
    ConcurrentLinkedQueue<String> failed = new ConcurrentLinkedQueue<>();
    CountDownLatch answered = new CountDownLatch((int) total);
    Semaphore connections = new Semaphore(CONNECTIONS);
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
    for (int i = 0; i < total; i++) {
      long due = start + i * interval;
      for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      connections.acquire();
      int index = i;
      http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
          .whenComplete(
              (answer, error) -> {
                latencies[index] = System.nanoTime() - due;
                connections.release();
                String failure =
                    error != null ? error.toString() : failure(answer.statusCode(), answer.body());
                if (failure != null) {
                  failures.incrementAndGet();
                  failed.offer(failure);
                }
                answered.countDown();
              });
    }
    boolean all = answered.await(TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
    long missing = answered.getCount();
    long[] sorted = Arrays.copyOf(latencies, latencies.length);
    Arrays.sort(sorted);
    long bad = failures.get() + (all ? 0 : missing);
    return new Result(
        rate,
        (total - bad) / (duration.toNanos() / 1e9),
        total,
        percentile(sorted, 0.50),
        percentile(sorted, 0.90),
        percentile(sorted, 0.99),
        sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6,
        bad,
        failed.peek());
  }

  /** Why an answer is not a full first page, or null when it is. */
  private String failure(int status, String body) {
    if (status != 200) {
      return status + ": " + abbreviated(body);
    }
    try {
      JsonArray accesses = new JsonObject(body).getJsonArray("accesses");
      int size = accesses == null ? -1 : accesses.size();
      return size == expected ? null : "200 with " + size + " accesses, not " + expected;
    } catch (RuntimeException e) {
      return "200 with an unreadable body: " + abbreviated(body);
    }
  }

  private static String abbreviated(String body) {
    return body.length() <= 300 ? body : body.substring(0, 300) + "...";
  }

  private static double percentile(long[] sorted, double p) {
    return sorted.length == 0
        ? 0
        : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
  }
}
