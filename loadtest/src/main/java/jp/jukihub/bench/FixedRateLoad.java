package jp.jukihub.bench;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Lookups at a fixed rate, open model: request i is due at its time on the {@link Schedule} whether
 * or not earlier ones were answered, and its latency is counted from that moment, not from when a
 * connection was free to send it, so a stall shows in the percentiles instead of slowing the load
 * (no coordinated omission). wrk cannot do this, and wrk2 is not packaged for Debian. Requests wait
 * for one of C keep-alive connections ({@link RawHttpClient}), as a gateway's callers would.
 *
 * <p>Everything runs on one event loop: a timer set for the next request's time sends what is due
 * and counts the answers, so the tallies need no locks and no thread wakes another. With the native
 * transport (epoll) the timers are precise to microseconds; without it, to a millisecond, and that
 * delay counts against the server.
 */
final class FixedRateLoad {
  private static final long SHORTEST_WAIT_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
  private static final int MAX_QUEUED = 200_000;

  /**
   * The measured window: what was offered and answered, and the latency from the intended start;
   * {@code requests} counts every request answered in the run, ramp included.
   */
  record Result(
      double offered,
      double perSecond,
      double p50Millis,
      double p99Millis,
      double maxMillis,
      long non200,
      long failed,
      long requests,
      double clientCores,
      Latencies known,
      Latencies knownCold,
      Latencies unknown,
      Slowest slowest) {
    String describe() {
      return String.format(
          "offered %,7.0f req/s, answered %,7.0f req/s  p50 %5.2f ms  p99 %6.2f ms  max %7.2f ms  non-200 %d  failed %d",
          offered, perSecond, p50Millis, p99Millis, maxMillis, non200, failed);
    }
  }

  /**
   * The slowest hundredth of the measured window's requests, each from its intended start to its
   * answer (System.nanoTime()): what the tail was made of is found by what else happened then.
   */
  record Slowest(long[] starts, long[] ends) {
    int count() {
      return starts.length;
    }
  }

  /**
   * One kind of lookup's latencies in the measured window: known persons (answered 200) or unknown
   * numbers ({@code answeredAsKnown} counts any of those answered 200: there must be none).
   */
  record Latencies(
      long count, double p50Millis, double p90Millis, double p99Millis, long answeredAsKnown) {
    String describe() {
      return String.format(
          "%,7d lookups  p50 %5.2f ms  p90 %5.2f ms  p99 %6.2f ms",
          count, p50Millis, p90Millis, p99Millis);
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

  /**
   * Ramps up over {@code warmup}, then offers {@code rate} for {@code measure}; counts the requests
   * due in the measured window.
   */
  Result run(double rate, Duration warmup, Duration measure, long coldOffset)
      throws InterruptedException, ExecutionException, TimeoutException {
    Vertx vertx =
        Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(true));
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    try {
      Context context = vertx.getOrCreateContext();
      Schedule schedule = new Schedule(rate, warmup.toNanos() / 1e9);
      CompletableFuture<Pacer> connected = new CompletableFuture<>();
      context.runOnContext(
          v ->
              RawHttpClient.connect(vertx, port, connections)
                  .onSuccess(
                      client ->
                          connected.complete(
                              new Pacer(vertx, client, schedule, measure, coldOffset)))
                  .onFailure(connected::completeExceptionally));
      Pacer pacer = connected.get(30, TimeUnit.SECONDS);
      context.runOnContext(v -> pacer.start());
      // Whatever is not answered a minute after the last was due counts as failed.
      pacer.done.await(warmup.plus(measure).toSeconds() + 60, TimeUnit.SECONDS);
      CompletableFuture<Result> result = new CompletableFuture<>();
      // Read the tallies on the thread that wrote them.
      context.runOnContext(
          v -> {
            double cores =
                (cpu.getCurrentThreadCpuTime() - pacer.cpuAtMeasure) / (double) measure.toNanos();
            result.complete(pacer.result(rate, measure, cores));
          });
      return result.get(10, TimeUnit.SECONDS);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  /**
   * When each request is due, in seconds from the start: the rate climbs in a straight line from a
   * tenth of {@code rate} over the ramp, then holds. Starting at full rate, cold (connections to
   * open, nothing compiled yet), leaves a backlog that takes seconds to drain at half the peak.
   */
  record Schedule(double rate, double rampSeconds) {
    private double from() {
      return rate / 10;
    }

    private double slope() {
      return rampSeconds == 0 ? 0 : (rate - from()) / rampSeconds;
    }

    long rampRequests() {
      return (long) ((from() + rate) / 2 * rampSeconds);
    }

    /** How many requests are due by {@code seconds}. */
    long due(double seconds) {
      if (seconds < 0) {
        return 0;
      }
      if (seconds < rampSeconds) {
        return (long) (from() * seconds + slope() * seconds * seconds / 2) + 1;
      }
      return rampRequests() + (long) ((seconds - rampSeconds) * rate) + 1;
    }

    /** When request {@code i} (from 0) is due. */
    double at(long i) {
      long ramp = rampRequests();
      if (i >= ramp) {
        return rampSeconds + (i - ramp) / rate;
      }
      // Inverse of due() on the ramp: from() t + slope() t^2 / 2 = i.
      return (-from() + Math.sqrt(from() * from() + 2 * slope() * i)) / slope();
    }
  }

  /** Sends requests when due and counts their answers; everything here runs on one event loop. */
  private final class Pacer {
    private final Vertx vertx;
    private final RawHttpClient client;
    private final Schedule schedule;
    private final Duration measure;
    private final long coldOffset;
    private final Buffer[] hot;
    private final long total;
    final CountDownLatch done = new CountDownLatch(1);
    private long start;
    private Tally tally;
    private final Buffer[] unknown;
    private long sent;
    private long answered;
    long cpuAtMeasure = -1;

    Pacer(Vertx vertx, RawHttpClient client, Schedule schedule, Duration measure, long coldOffset) {
      this.vertx = vertx;
      this.client = client;
      this.schedule = schedule;
      this.measure = measure;
      this.coldOffset = coldOffset;
      this.hot = mix.hot().stream().map(this::request).toArray(Buffer[]::new);
      this.total = schedule.rampRequests() + (long) (schedule.rate() * measure.toNanos() / 1e9);
      this.unknown =
          mix.unknowns((int) (total / LookupMix.UNKNOWN_EVERY + 1)).stream()
              .map(this::request)
              .toArray(Buffer[]::new);
    }

    void start() {
      start = System.nanoTime();
      long measureFrom = start + (long) (schedule.rampSeconds() * 1e9);
      tally = new Tally(measureFrom, measureFrom + measure.toNanos());
      tick();
    }

    /** Sends what is due now, then sleeps until the next request's time. */
    private void tick() {
      long now = System.nanoTime();
      if (cpuAtMeasure < 0 && now >= tally.measureFrom) {
        cpuAtMeasure = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
      }
      long due = Math.min(total, schedule.due((now - start) / 1e9));
      for (; sent < due; sent++) {
        send(sent, start + (long) (schedule.at(sent) * 1e9));
      }
      if (sent < total) {
        long wait = start + (long) (schedule.at(sent) * 1e9) - System.nanoTime();
        vertx
            .timer(Math.max(SHORTEST_WAIT_NANOS, wait), TimeUnit.NANOSECONDS)
            .onSuccess(v -> tick());
      }
    }

    private void send(long index, long intended) {
      if (client.queued() >= MAX_QUEUED) {
        answered(intended, -1, false, false);
        return;
      }
      long n = index + 1;
      if (n % LookupMix.UNKNOWN_EVERY == LookupMix.UNKNOWN_AT) {
        Buffer probe = unknown[(int) (n / LookupMix.UNKNOWN_EVERY)];
        client.send(probe, status -> answered(intended, status, true, false));
        return;
      }
      boolean cold = n % LookupMix.COLD_EVERY == 0;
      Buffer request =
          cold
              ? request(mix.number(n, coldOffset))
              : hot[(int) ((n - 1 - n / LookupMix.COLD_EVERY) % hot.length)];
      client.send(request, status -> answered(intended, status, false, cold));
    }

    private void answered(long intended, int status, boolean probe, boolean cold) {
      // An unknown number's expected answer is a refusal; only a failure to answer counts against
      // the run, and a 200 is counted apart (it would mean the number is someone's).
      tally.add(
          intended,
          System.nanoTime(),
          probe ? status > 0 && status != 200 : status == 200,
          status < 0,
          probe,
          cold,
          probe && status == 200);
      if (++answered == total) {
        done.countDown();
      }
    }

    /** A whole lookup request, head and body, as it goes on the wire. */
    private Buffer request(String myNumber) {
      String body = LookupMix.body(myNumber);
      return Buffer.buffer(
          "POST "
              + LookupMix.PATH
              + " HTTP/1.1\r\nHost: 127.0.0.1:"
              + port
              + "\r\nContent-Type: application/json\r\n"
              + "X-Jukihub-Body: "
              + LookupMix.CALLER
              + "\r\nX-Jukihub-Operator: "
              + LookupMix.OPERATOR
              + "\r\n"
              + "Content-Length: "
              + body.length()
              + "\r\n\r\n"
              + body);
    }

    Result result(double rate, Duration measure, double clientCores) {
      return tally.result(rate, measure, total - answered, answered, clientCores);
    }
  }

  /** Counts only requests due in the measured window. Touched by the event loop alone. */
  private static final class Tally {
    final long measureFrom;
    final long end;
    long[] latencies = new long[1 << 16];
    long[] intendeds = new long[1 << 16];
    int count;
    long[] knowns = new long[1 << 16];
    int knownCount;
    long[] colds = new long[1 << 12];
    int coldCount;
    long[] probes = new long[1 << 12];
    int probeCount;
    long probesAnsweredAsKnown;
    long non200;
    long failed;

    Tally(long measureFrom, long end) {
      this.measureFrom = measureFrom;
      this.end = end;
    }

    void add(
        long intended,
        long answered,
        boolean ok,
        boolean failedToAnswer,
        boolean probe,
        boolean cold,
        boolean answeredAsKnown) {
      if (intended < measureFrom || intended >= end) {
        return;
      }
      if (failedToAnswer) {
        failed++;
      } else if (!ok) {
        non200++;
      }
      if (probe && !failedToAnswer) {
        if (answeredAsKnown) {
          probesAnsweredAsKnown++;
        }
        if (probeCount == probes.length) {
          probes = Arrays.copyOf(probes, probeCount * 2);
        }
        probes[probeCount++] = answered - intended;
      } else if (!probe && ok) {
        if (knownCount == knowns.length) {
          knowns = Arrays.copyOf(knowns, knownCount * 2);
        }
        knowns[knownCount++] = answered - intended;
        if (cold) {
          if (coldCount == colds.length) {
            colds = Arrays.copyOf(colds, coldCount * 2);
          }
          colds[coldCount++] = answered - intended;
        }
      }
      if (count == latencies.length) {
        latencies = Arrays.copyOf(latencies, count * 2);
        intendeds = Arrays.copyOf(intendeds, count * 2);
      }
      intendeds[count] = intended;
      latencies[count++] = answered - intended;
    }

    Result result(
        double rate, Duration measure, long unanswered, long answered, double clientCores) {
      long[] sorted = Arrays.copyOf(latencies, count);
      Arrays.sort(sorted);
      double seconds = measure.toNanos() / 1e9;
      return new Result(
          rate,
          (count - non200 - failed) / seconds,
          percentile(sorted, 0.50),
          percentile(sorted, 0.99),
          sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6,
          non200,
          failed + unanswered,
          answered,
          clientCores,
          latencies(Arrays.copyOf(knowns, knownCount), 0),
          latencies(Arrays.copyOf(colds, coldCount), 0),
          latencies(Arrays.copyOf(probes, probeCount), probesAnsweredAsKnown),
          slowest(sorted));
    }

    /** Every request at or above the p99. */
    private Slowest slowest(long[] sorted) {
      if (sorted.length == 0) {
        return new Slowest(new long[0], new long[0]);
      }
      long threshold =
          sorted[(int) Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)];
      int slow = 0;
      for (int i = 0; i < count; i++) {
        if (latencies[i] >= threshold) {
          slow++;
        }
      }
      long[] starts = new long[slow];
      long[] ends = new long[slow];
      for (int i = 0, j = 0; i < count; i++) {
        if (latencies[i] >= threshold) {
          starts[j] = intendeds[i];
          ends[j++] = intendeds[i] + latencies[i];
        }
      }
      return new Slowest(starts, ends);
    }

    private static Latencies latencies(long[] values, long answeredAsKnown) {
      long[] sorted = values.clone();
      Arrays.sort(sorted);
      return new Latencies(
          sorted.length,
          percentile(sorted, 0.50),
          percentile(sorted, 0.90),
          percentile(sorted, 0.99),
          answeredAsKnown);
    }

    private static double percentile(long[] sorted, double p) {
      return sorted.length == 0
          ? 0
          : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
  }
}
