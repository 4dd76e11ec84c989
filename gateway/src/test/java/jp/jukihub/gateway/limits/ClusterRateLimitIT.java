package jp.jukihub.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.gateway.HubServer;
import jp.jukihub.gateway.config.HubConfigLoader;
import jp.jukihub.gateway.config.HubOptions;
import jp.jukihub.gateway.config.LimitOptions;
import jp.jukihub.testing.Eventually;
import jp.jukihub.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A body's rate holds across the cluster: two hub nodes on one database grant it together what one
 * node alone would, and a node left alone takes the whole rate back.
 */
class ClusterRateLimitIT {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir Path data;

  @Test
  void should_split_a_body_rate_between_live_nodes_and_give_it_back_when_one_stops()
      throws Exception {
    DatabaseTarget database = TestDatabases.fresh();
    // The ticks stand still until the test moves them: no token drips back by itself.
    AtomicLong ticks = new AtomicLong();
    HubServer.Time time = new HubServer.Time(Clock.systemUTC(), ticks::get);
    try (HubServer first = start("node-a", database, time)) {
      HubServer second = start("node-b", database, time);
      try {
        awaitNodes(first, 2);
        awaitNodes(second, 2);

        // nta: 4 a second, a burst of 8 for the cluster; each of the two nodes grants half.
        assertThat(granted(first, 10)).as("node a, half the burst").isEqualTo(4);
        assertThat(granted(second, 10)).as("node b, the other half").isEqualTo(4);
        ticks.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(granted(first, 10) + granted(second, 10))
            .as("a second later, the cluster grants a second's rate")
            .isEqualTo(4);
      } finally {
        second.close();
      }

      awaitNodes(first, 1);
      ticks.addAndGet(TimeUnit.SECONDS.toNanos(2));
      assertThat(granted(first, 10)).as("node a alone: the whole burst").isEqualTo(8);
    }
  }

  private HubServer start(String instance, DatabaseTarget database, HubServer.Time time) {
    HubOptions options =
        HubConfigLoader.load(
                null, Map.of("JUKIHUB_DATA_DIR", data.toString(), "JUKIHUB_INSTANCE", instance))
            .withFreeLoopbackPorts()
            .withLimits(new LimitOptions(1000, Map.of("nta", 4)));
    return HubServer.start(options, database, true, HubServer.DURABLE_AUDIT, time);
  }

  /** Requests until the first 429 (at most {@code tries}): how many were answered 200. */
  private static int granted(HubServer hub, int tries) throws Exception {
    for (int i = 0; i < tries; i++) {
      int status = me(hub).statusCode();
      if (status == 429) {
        return i;
      }
      assertThat(status).isEqualTo(200);
    }
    return tries;
  }

  private static void awaitNodes(HubServer hub, int nodes) throws Exception {
    Eventually.until(
        Duration.ofSeconds(10),
        "the hub sees " + nodes + " node(s) (hub_cluster_nodes)",
        () ->
            HTTP.send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + hub.opsPort() + "/metrics"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body()
                .lines()
                .filter(line -> line.startsWith("hub_cluster_nodes"))
                .findFirst()
                .orElse(""),
        seen -> seen.endsWith(" " + nodes + ".0"));
  }

  private static HttpResponse<String> me(HubServer hub) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.apiPort() + "/v1/bodies/me"))
            .header("X-Jukihub-Body", "nta")
            .header("X-Jukihub-Operator", "cluster-rate-test")
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
