package jp.jukihub.bench;

import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Lookups at a fixed rate, open model: request i is due at {@code start + i / rate} whether or not
 * earlier ones were answered, and its latency is counted from that moment, not from when a
 * connection was free to send it, so a stall shows in the percentiles instead of slowing the load
 * (no coordinated omission). wrk cannot do this, and wrk2 is not packaged for Debian. Requests wait
 * for one of C keep-alive connections, as a gateway's callers would.
 *
 * <p>A pacer thread wakes every {@value #PACE_MICROS} µs and hands the requests then due to the
 * client's one event loop, which does all the counting, so the tallies need no locks.
 */
final class FixedRateLoad {
  private static final long PACE_MICROS = 100;
  private static final long MAX_WAITING = 200_000;

  /**
   * The measured window: what was offered and answered, and the latency from the intended start;
   * {@code requests} counts every request answered in the run, warm-up included.
   */
  record Result(
      double offered, double perSecond, double p50Millis, double p99Millis, double maxMillis, long non200,
      long failed, long requests, double clientCores) {
    String describe() {
      return String.format(
          "offered %,7.0f req/s, answered %,7.0f req/s  p50 %5.2f ms  p99 %6.2f ms  max %7.2f ms  non-200 %d  failed %d",
          offered, perSecond, p50Millis, p99Millis, maxMillis, non200, failed);
    }
  }

  private final int port;
  private final LookupMix mix;
  private final int connections;

  FixedRateLoad(int port, LookupMix mix, int connections) {
    this.port = port;
    this.mix = mix;
    this.connections = connections;
  }

  Result run(double rate, Duration warmup, Duration measure, long coldOffset)
      throws InterruptedException, ExecutionException, TimeoutException {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    try {
      Context context = vertx.getOrCreateContext();
      double interval = 1e9 / rate;
      long total = (long) (rate * (warmup.toNanos() + measure.toNanos()) / 1e9);
      long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
      Tally tally = new Tally(start + warmup.toNanos(), start + warmup.toNanos() + measure.toNanos());
      Sender sender = new Sender(vertx, tally, coldOffset);
      AtomicLong loopThread = new AtomicLong();
      context.runOnContext(v -> loopThread.set(Thread.currentThread().getId()));
      long pacerCpuBefore = cpu.getCurrentThreadCpuTime();
      long loopCpuBefore = -1;
      long sent = 0;
      while (sent < total) {
        long now = System.nanoTime();
        long due = Math.min(total, now < start ? 0 : (long) ((now - start) / interval) + 1);
        if (due > sent) {
          long from = sent;
          context.runOnContext(v -> {
            for (long i = from; i < due; i++) {
              sender.send(i, start + (long) (i * interval));
            }
          });
          sent = due;
        }
        if (loopCpuBefore < 0 && now >= tally.measureFrom) {
          loopCpuBefore = cpu.getThreadCpuTime(loopThread.get());
        }
        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(PACE_MICROS));
      }
      long pacerCpu = cpu.getCurrentThreadCpuTime() - pacerCpuBefore;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (sender.finished.get() < total && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      long loopCpu = cpu.getThreadCpuTime(loopThread.get()) - Math.max(0, loopCpuBefore);
      // The pacer ran for warm-up and measurement alike; count its share of the measured window.
      double cores = (loopCpu + pacerCpu * measure.toNanos() / (double) (warmup.toNanos() + measure.toNanos()))
          / (double) measure.toNanos();
      long answered = sender.finished.get();
      // Read the tallies on the thread that wrote them.
      CompletableFuture<Result> result = new CompletableFuture<>();
      context.runOnContext(v -> result.complete(tally.result(rate, measure, total - answered, answered, cores)));
      return result.get(10, TimeUnit.SECONDS);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  /** Sends requests on the client's event loop; everything here runs on that one thread. */
  private final class Sender {
    private final HttpClient client;
    private final Tally tally;
    private final long coldOffset;
    private final RequestOptions request;
    private final Buffer[] hot;
    final AtomicLong finished = new AtomicLong();
    private long waiting;

    Sender(Vertx vertx, Tally tally, long coldOffset) {
      this.client =
          vertx.createHttpClient(
              new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port).setKeepAlive(true),
              new PoolOptions().setHttp1MaxSize(connections));
      this.tally = tally;
      this.coldOffset = coldOffset;
      MultiMap headers =
          HttpHeaders.headers()
              .add(HttpHeaders.CONTENT_TYPE, "application/json")
              .add("X-Jukihub-Body", LookupMix.CALLER)
              .add("X-Jukihub-Operator", LookupMix.OPERATOR);
      this.request =
          new RequestOptions().setMethod(HttpMethod.POST).setURI(LookupMix.PATH).setHeaders(headers).setIdleTimeout(10_000);
      this.hot = mix.hot().stream().map(number -> Buffer.buffer(LookupMix.body(number))).toArray(Buffer[]::new);
    }

    void send(long index, long intended) {
      if (waiting >= MAX_WAITING) {
        tally.add(intended, System.nanoTime(), false, true);
        finished.incrementAndGet();
        return;
      }
      long n = index + 1;
      Buffer body =
          n % LookupMix.COLD_EVERY == 0
              ? Buffer.buffer(LookupMix.body(mix.number(n, coldOffset)))
              : hot[(int) ((n - 1 - n / LookupMix.COLD_EVERY) % hot.length)];
      waiting++;
      client
          .request(request)
          .compose(sending -> sending.send(body))
          .compose(response -> response.body().map(read -> response.statusCode()))
          .onComplete(
              answered -> {
                waiting--;
                tally.add(intended, System.nanoTime(), answered.succeeded() && answered.result() == 200, answered.failed());
                finished.incrementAndGet();
              });
    }
  }

  /** Counts only requests due in the measured window. Touched by the event loop alone. */
  private static final class Tally {
    final long measureFrom;
    final long end;
    long[] latencies = new long[1 << 16];
    int count;
    long non200;
    long failed;

    Tally(long measureFrom, long end) {
      this.measureFrom = measureFrom;
      this.end = end;
    }

    void add(long intended, long answered, boolean ok, boolean failedToAnswer) {
      if (intended < measureFrom || intended >= end) {
        return;
      }
      if (failedToAnswer) {
        failed++;
      } else if (!ok) {
        non200++;
      }
      if (count == latencies.length) {
        latencies = Arrays.copyOf(latencies, count * 2);
      }
      latencies[count++] = answered - intended;
    }

    Result result(double rate, Duration measure, long unanswered, long answered, double clientCores) {
      long[] sorted = Arrays.copyOf(latencies, count);
      Arrays.sort(sorted);
      double seconds = measure.toNanos() / 1e9;
      return new Result(
          rate, (count - non200 - failed) / seconds, percentile(sorted, 0.50), percentile(sorted, 0.99),
          sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6, non200, failed + unanswered, answered, clientCores);
    }

    private static double percentile(long[] sorted, double p) {
      return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
  }
}
