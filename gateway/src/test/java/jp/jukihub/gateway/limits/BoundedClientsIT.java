package jp.jukihub.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.gateway.HubServer;
import jp.jukihub.gateway.config.HubConfigLoader;
import jp.jukihub.gateway.config.HubOptions;
import jp.jukihub.gateway.config.LimitOptions.ClientOptions;
import jp.jukihub.nation.MunicipalityCatalog;
import jp.jukihub.nation.NationGenerator;
import jp.jukihub.nation.NationLoader;
import jp.jukihub.nation.NationOptions;
import jp.jukihub.progress.Progress;
import jp.jukihub.testing.Eventually;
import jp.jukihub.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of idle and slow clients over real sockets: another body's lookups are still answered
 * about as fast as without them, and the slow ones are cut off by the header and body deadlines;
 * connections past a caller's cap or the listener's are closed as they open.
 */
class BoundedClientsIT {
  static final int IDLE_PER_ADDRESS = 1_000;
  static final int TRICKLING = 300;
  static final int LOOKUPS = 200;
  // Long enough that every slow client is still connected while the lookups are measured.
  static final int HEADER_MILLIS = 15_000;
  static final int BODY_MILLIS = 15_000;
  static final int IDLE_SECONDS = 60;
  @TempDir Path data;

  @Test
  void should_answer_another_body_and_cut_off_idle_and_trickling_clients_by_their_deadlines()
      throws Exception {
    // Each connection costs this JVM two descriptors: the client's socket and the hub's.
    assertThat(openFilesAllowed())
        .as("ulimit -n must allow both ends of every connection")
        .isGreaterThan(2L * (2 * IDLE_PER_ADDRESS + TRICKLING) + 1_000);
    DatabaseTarget database = TestDatabases.fresh();
    new NationLoader(database, new NationGenerator(MunicipalityCatalog.load(), new byte[32]))
        .load(NationOptions.of(300, 11), false, Progress.SILENT);
    List<String> numbers = numbers(database);
    HubOptions options =
        options(
            "bounded",
            new ClientOptions(IDLE_SECONDS, HEADER_MILLIS, BODY_MILLIS, 300, 16_384, 1_100, 4_000));
    HttpClient http = HttpClient.newHttpClient();
    try (HubServer hub = HubServer.start(options, database, true)) {
      lookups(http, hub, numbers, 100); // warm-up: JIT, caches, pools
      long[] baseline = lookups(http, hub, numbers, LOOKUPS);

      try (SlowClients slow = new SlowClients(hub.apiPort())) {
        List<SlowClients.Client> idle = new ArrayList<>();
        idle.addAll(slow.idle("127.0.0.2", IDLE_PER_ADDRESS));
        idle.addAll(slow.idle("127.0.0.3", IDLE_PER_ADDRESS));
        String head =
            "POST /v1/identity/lookup HTTP/1.1\r\nHost: 127.0.0.1:"
                + hub.apiPort()
                + "\r\nX-Jukihub-Body: jps\r\n"
                + "X-Jukihub-Operator: slow\r\nContent-Type: application/json\r\n"
                + "Content-Length: 2000\r\n\r\n";
        List<SlowClients.Client> trickling = slow.trickle("127.0.0.4", TRICKLING, head, 200);
        assertThat(slow.all()).noneMatch(SlowClients.Client::closed);

        long[] loaded = lookups(http, hub, numbers, LOOKUPS);

        long baselineP99 = percentile(baseline, 0.99);
        long loadedP99 = percentile(loaded, 0.99);
        System.out.printf(
            "lookup p99: %.2f ms alone, %.2f ms beside %d idle and %d trickling connections%n",
            baselineP99 / 1e6, loadedP99 / 1e6, idle.size(), trickling.size());
        assertThat(loadedP99)
            .as("p99 beside the slow clients (ns), against %d ns alone", baselineP99)
            .isLessThanOrEqualTo(Math.max(10 * baselineP99, 500_000_000L));
        assertThat(slow.all())
            .as("the slow clients were all still connected while the lookups were measured")
            .noneMatch(SlowClients.Client::closed);

        Eventually.until(
            Duration.ofSeconds(60),
            "every idle and trickling connection closed by the hub",
            () -> slow.all().stream().allMatch(SlowClients.Client::closed));
        assertThat(idle)
            .as("idle connections: closed by the head deadline, long before the idle timeout")
            .allMatch(client -> client.livedMillis() >= HEADER_MILLIS * 9 / 10)
            .allMatch(client -> client.livedMillis() < IDLE_SECONDS * 1_000L)
            .allMatch(client -> client.answer().isEmpty());
        assertThat(trickling)
            .as("trickling bodies: answered 408 at the body deadline, then closed")
            .allMatch(client -> client.livedMillis() >= BODY_MILLIS * 9 / 10)
            .allMatch(client -> client.answer().startsWith("HTTP/1.1 408"))
            .allMatch(client -> client.answer().contains("application/problem+json"))
            .allMatch(client -> client.answer().contains("\"code\":\"REQUEST_TIMEOUT\""));
      }
      assertThat(lookups(http, hub, numbers, 10)).hasSize(10);
    }
  }

  @Test
  void should_close_connections_past_a_callers_cap_or_the_listeners_as_they_open()
      throws Exception {
    HubOptions options =
        options("capped", new ClientOptions(IDLE_SECONDS, 30_000, 30_000, 300, 16_384, 50, 80));
    try (HubServer hub = HubServer.start(options, TestDatabases.fresh(), true);
        SlowClients slow = new SlowClients(hub.apiPort())) {
      List<SlowClients.Client> first = slow.idle("127.0.0.6", 60);
      Eventually.until(
          Duration.ofSeconds(10),
          "the ten past the address's cap closed",
          () -> first.stream().filter(SlowClients.Client::closed).count() == 10);
      List<SlowClients.Client> second = slow.idle("127.0.0.7", 40);
      Eventually.until(
          Duration.ofSeconds(10),
          "the ten past the listener's cap closed",
          () -> second.stream().filter(SlowClients.Client::closed).count() == 10);
      assertThat(slow.all())
          .filteredOn(SlowClients.Client::closed)
          .as("refused as they opened, not by a deadline")
          .allMatch(client -> client.livedMillis() < 5_000);
      assertThatThrownBy(() -> me(HttpClient.newHttpClient(), hub))
          .as("the listener is full")
          .isInstanceOf(IOException.class);

      for (SlowClients.Client client : second.stream().filter(c -> !c.closed()).toList()) {
        client.channel.close();
      }
      HttpResponse<String> again =
          Eventually.until(
              Duration.ofSeconds(10),
              "a connection admitted once others have closed",
              () -> me(HttpClient.newHttpClient(), hub),
              answer -> answer.statusCode() == 200);
      assertThat(new JsonObject(again.body()).getString("id")).isEqualTo("jps");
    }
  }

  private HubOptions options(String instance, ClientOptions clients) {
    HubOptions base =
        HubConfigLoader.load(
                null, Map.of("JUKIHUB_DATA_DIR", data.toString(), "JUKIHUB_INSTANCE", instance))
            .withFreeLoopbackPorts();
    return base.withLimits(base.limits().withClients(2, clients));
  }

  /** The answer times of {@code count} lookups by another body, one after another, in nanos. */
  private static long[] lookups(HttpClient http, HubServer hub, List<String> numbers, int count)
      throws Exception {
    long[] nanos = new long[count];
    for (int i = 0; i < count; i++) {
      String body =
          new JsonObject()
              .put("affair", "t1-national-tax")
              .put("myNumber", numbers.get(i % numbers.size()))
              .encode();
      long start = System.nanoTime();
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + hub.apiPort() + "/v1/identity/lookup"))
                  .header("X-Jukihub-Body", "nta")
                  .header("X-Jukihub-Operator", "officer-7")
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      nanos[i] = System.nanoTime() - start;
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }
    return nanos;
  }

  private static HttpResponse<String> me(HttpClient http, HubServer hub) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.apiPort() + "/v1/bodies/me"))
            .header("X-Jukihub-Body", "jps")
            .header("X-Jukihub-Operator", "cap-test")
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static long percentile(long[] values, double p) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  private static List<String> numbers(DatabaseTarget database) throws Exception {
    List<String> numbers = new ArrayList<>();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT my_number FROM national.identity WHERE status = 'current'"
                    + " ORDER BY person_id LIMIT 200");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        numbers.add(rows.getString(1));
      }
    }
    return numbers;
  }

  /** The soft limit on open files of this process ("Max open files" in /proc/self/limits). */
  private static long openFilesAllowed() throws IOException {
    return Files.readAllLines(Path.of("/proc/self/limits")).stream()
        .filter(line -> line.startsWith("Max open files"))
        .map(line -> line.substring("Max open files".length()).trim().split("\\s+")[0])
        .mapToLong(limit -> "unlimited".equals(limit) ? Long.MAX_VALUE : Long.parseLong(limit))
        .findFirst()
        .orElse(0);
  }
}
