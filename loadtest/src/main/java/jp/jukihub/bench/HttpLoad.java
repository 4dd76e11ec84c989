package jp.jukihub.bench;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A closed-loop HTTP load: N connections, each sending its next request as soon as the previous
 * answer arrives, for a warm-up and then a measured window. Counts answers per second and their
 * latency percentiles. All callbacks run on one event loop, so the tallies need no locks.
 */
final class HttpLoad {
  record Result(double perSecond, double p50Millis, double p99Millis, long errors) {
    String describe() {
      return String.format(
          "%,9.0f req/s  p50 %5.2f ms  p99 %6.2f ms  errors %d",
          perSecond, p50Millis, p99Millis, errors);
    }
  }

  private final int port;
  private final String path;
  private final Map<String, String> headers;
  private final int connections;

  HttpLoad(int port, String path, Map<String, String> headers, int connections) {
    this.port = port;
    this.path = path;
    this.headers = headers;
    this.connections = connections;
  }

  Result run(Duration warmup, Duration measure) throws InterruptedException {
    Vertx vertx = Vertx.vertx();
    try {
      Context context = vertx.getOrCreateContext();
      Tally tally = new Tally(warmup, measure);
      CountDownLatch finished = new CountDownLatch(connections);
      context.runOnContext(
          v -> {
            HttpClient client =
                vertx.createHttpClient(
                    new HttpClientOptions()
                        .setDefaultHost("127.0.0.1")
                        .setDefaultPort(port)
                        .setKeepAlive(true),
                    new PoolOptions().setHttp1MaxSize(connections));
            for (int i = 0; i < connections; i++) {
              next(client, tally, finished);
            }
          });
      finished.await(warmup.plus(measure).toSeconds() + 60, TimeUnit.SECONDS);
      return tally.result(measure);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  private void next(HttpClient client, Tally tally, CountDownLatch finished) {
    long started = System.nanoTime();
    if (started >= tally.end) {
      finished.countDown();
      return;
    }
    client
        .request(HttpMethod.GET, path)
        .compose(
            request -> {
              headers.forEach(request::putHeader);
              return request.send();
            })
        .compose(response -> response.body().map(body -> response.statusCode()))
        .onComplete(
            answered -> {
              tally.add(
                  started, System.nanoTime(), answered.succeeded() && answered.result() == 200);
              next(client, tally, finished);
            });
  }

  private static final class Tally {
    final long measureFrom;
    final long end;
    long[] latencies = new long[1 << 16];
    int count;
    long errors;

    Tally(Duration warmup, Duration measure) {
      measureFrom = System.nanoTime() + warmup.toNanos();
      end = measureFrom + measure.toNanos();
    }

    void add(long started, long ended, boolean ok) {
      if (started < measureFrom || ended > end) {
        return;
      }
      if (!ok) {
        errors++;
        return;
      }
      if (count == latencies.length) {
        latencies = Arrays.copyOf(latencies, count * 2);
      }
      latencies[count++] = ended - started;
    }

    Result result(Duration measure) {
      long[] sorted = Arrays.copyOf(latencies, count);
      Arrays.sort(sorted);
      return new Result(
          count / (measure.toNanos() / 1e9),
          percentile(sorted, 0.50),
          percentile(sorted, 0.99),
          errors);
    }

    private static double percentile(long[] sorted, double p) {
      return sorted.length == 0
          ? 0
          : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
  }
}
