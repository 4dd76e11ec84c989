package jp.jukihub.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import jp.jukihub.gateway.HubServer;
import jp.jukihub.gateway.config.HubConfigLoader;
import jp.jukihub.gateway.config.HubOptions;
import jp.jukihub.gateway.config.LimitOptions;
import jp.jukihub.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each body's request rate over real HTTP: past it, 429 with Retry-After; other bodies go on. */
class RateLimitIT {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir Path data;

  @Test
  void should_answer_429_with_retry_after_once_a_body_exceeds_its_rate() throws Exception {
    HubOptions options =
        HubConfigLoader.load(
                null, Map.of("JUKIHUB_DATA_DIR", data.toString(), "JUKIHUB_INSTANCE", "limits"))
            .withFreeLoopbackPorts();
    options =
        options.withLimits(
            new LimitOptions(1000, Map.of("nta", 1))); // one a second, a burst of two
    // The hub's ticks stand still until the test moves them: no request drips a token back.
    AtomicLong ticks = new AtomicLong();
    HubServer.Time time = new HubServer.Time(Clock.systemUTC(), ticks::get);
    try (HubServer hub =
        HubServer.start(options, TestDatabases.fresh(), true, HubServer.DURABLE_AUDIT, time)) {
      int[] statuses = new int[3];
      HttpResponse<String> last = null;
      for (int i = 0; i < 3; i++) {
        last = me(hub, "nta");
        statuses[i] = last.statusCode();
      }

      assertThat(statuses).containsExactly(200, 200, 429);
      assertThat(last.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(new JsonObject(last.body()).getString("code")).isEqualTo("RATE_LIMITED");
      assertThat(me(hub, "jps").statusCode()).as("another body is not held back").isEqualTo(200);
      ticks.addAndGet(TimeUnit.SECONDS.toNanos(1));
      assertThat(me(hub, "nta").statusCode()).as("a second later a token is back").isEqualTo(200);
    }
  }

  private static HttpResponse<String> me(HubServer hub, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.apiPort() + "/v1/bodies/me"))
            .header("X-Jukihub-Body", body)
            .header("X-Jukihub-Operator", "rate-test")
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
