package jp.jukihub.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.gateway.HubServer;
import jp.jukihub.gateway.config.HubConfigLoader;
import jp.jukihub.gateway.config.HubOptions;
import jp.jukihub.gateway.config.LimitOptions;
import jp.jukihub.nation.MunicipalityCatalog;
import jp.jukihub.nation.NationGenerator;
import jp.jukihub.nation.NationLoader;
import jp.jukihub.nation.NationOptions;
import jp.jukihub.number.MyNumber;
import jp.jukihub.progress.Progress;
import jp.jukihub.testing.Eventually;
import jp.jukihub.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/identity/lookup:batch} over real HTTP: order, per-line status and audit, limits,
 * back-pressure.
 */
class BatchLookupIT {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir static Path data;
  static DatabaseTarget database;
  static HubServer hub;
  static List<String> numbers = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    database = TestDatabases.fresh();
    new NationLoader(database, new NationGenerator(MunicipalityCatalog.load(), new byte[32]))
        .load(NationOptions.of(2_000, 11), false, Progress.SILENT);
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT my_number FROM national.identity WHERE status = 'current' ORDER BY person_id LIMIT 500");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        numbers.add(rows.getString(1));
      }
    }
    HubOptions options =
        HubConfigLoader.load(
                null, Map.of("JUKIHUB_DATA_DIR", data.toString(), "JUKIHUB_INSTANCE", "batch"))
            .withFreeLoopbackPorts();
    // Each line takes a token of the body's rate: these tests send tens of thousands in seconds.
    options = options.withLimits(new LimitOptions(5_000, Map.of("jps", 1_000_000)));
    hub = HubServer.start(options, database, true);
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @Test
  void should_answer_each_line_in_order_with_its_own_status_and_audit_record() throws Exception {
    String batch =
        String.join(
                "\n",
                lookup("t1-national-pension", numbers.get(0)),
                lookup("t1-national-pension", MyNumber.fromBase(1).value()),
                "{not json",
                lookup("t1-national-pension", "123456789012"),
                lookup("t1-no-such-affair", numbers.get(1)),
                lookup("t1-pension-status", numbers.get(2)))
            + "\n";

    HttpResponse<String> response = send("jps", "batch-order", batch);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
    List<JsonObject> lines = response.body().lines().map(JsonObject::new).toList();
    assertThat(lines).extracting(line -> line.getInteger("line")).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(lines)
        .extracting(line -> line.getInteger("status"))
        .containsExactly(200, 404, 400, 400, 403, 200);
    assertThat(lines.get(0).getJsonObject("answer").getString("myNumber"))
        .isEqualTo(numbers.get(0));
    assertThat(lines.get(1).getJsonObject("problem").getString("code")).isEqualTo("NOT_FOUND");
    assertThat(lines.get(2).getJsonObject("problem").getString("code"))
        .isEqualTo("INVALID_REQUEST");
    assertThat(lines.get(3).getJsonObject("problem").getString("code"))
        .isEqualTo("INVALID_MY_NUMBER");
    assertThat(lines.get(4).getJsonObject("problem").getString("code"))
        .isEqualTo("AFFAIR_NOT_PERMITTED");
    assertThat(lines.get(5).getJsonObject("answer").fieldNames()).doesNotContain("myNumber");

    assertThat(audited("batch-order/%")).isEqualTo(6);
    assertThat(auditedOutcome("batch-order/1")).isEqualTo("ok");
    assertThat(auditedOutcome("batch-order/2")).isEqualTo("NOT_FOUND");
  }

  @Test
  void should_stream_ten_thousand_lookups_and_refuse_the_rest_with_a_last_line() throws Exception {
    StringBuilder batch = new StringBuilder();
    for (int i = 0; i < 10_001; i++) {
      batch.append(lookup("t1-national-pension", numbers.get(i % numbers.size()))).append('\n');
    }

    HttpResponse<String> response = send("jps", "batch-big", batch.toString());

    List<JsonObject> lines = response.body().lines().map(JsonObject::new).toList();
    assertThat(lines).hasSize(10_001);
    for (int i = 0; i < 10_000; i++) {
      assertThat(lines.get(i).getInteger("line")).isEqualTo(i + 1);
      assertThat(lines.get(i).getJsonObject("answer").getString("myNumber"))
          .isEqualTo(numbers.get(i % numbers.size()));
    }
    assertThat(lines.get(10_000).getJsonObject("problem").getString("code"))
        .isEqualTo("BATCH_TOO_LARGE");
    assertThat(audited("batch-big/%"))
        .as("every lookup, and the refusal of the rest")
        .isEqualTo(10_001);
    assertThat(auditedOutcome("batch-big/10001")).isEqualTo("BATCH_TOO_LARGE");
  }

  @Test
  void should_stop_reading_while_the_caller_does_not_take_the_answers() throws Exception {
    int count = 10_000;
    StringBuilder batch = new StringBuilder();
    for (int i = 0; i < count; i++) {
      batch.append(lookup("t1-national-pension", numbers.get(i % numbers.size()))).append('\n');
    }
    byte[] body = batch.toString().getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket()) {
      // A small window, so what the hub has answered cannot all wait in the sockets' buffers.
      socket.setReceiveBufferSize(64 * 1024);
      socket.connect(new java.net.InetSocketAddress("127.0.0.1", hub.apiPort()));
      OutputStream out = socket.getOutputStream();
      Thread sender =
          new Thread(
              () -> {
                try {
                  out.write(
                      ("POST /v1/identity/lookup:batch HTTP/1.1\r\nHost: 127.0.0.1:"
                              + hub.apiPort()
                              + "\r\nX-Jukihub-Body: jps\r\n"
                              + "X-Jukihub-Operator: officer-1\r\nX-Request-Id: batch-slow\r\nContent-Type: application/x-ndjson\r\n"
                              + "Content-Length: "
                              + body.length
                              + "\r\nConnection: close\r\n\r\n")
                          .getBytes(StandardCharsets.US_ASCII));
                  out.write(body);
                  out.flush();
                } catch (Exception e) {
                  // the test below fails if the batch does not complete
                }
              });
      sender.start();
      long stalled = awaitSteady("batch-slow/%");
      assertThat(stalled).as("lookups answered while nobody reads the answers").isLessThan(count);

      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      long answers = in.lines().filter(line -> line.startsWith("{\"line\"")).count();
      sender.join();
      assertThat(answers).isEqualTo(count);
    }
    assertThat(audited("batch-slow/%")).isEqualTo(count);
  }

  @Test
  void should_refuse_a_body_that_is_not_ndjson_and_a_line_that_is_too_long() throws Exception {
    HttpResponse<String> json =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + hub.apiPort() + "/v1/identity/lookup:batch"))
                .header("X-Jukihub-Body", "jps")
                .header("X-Jukihub-Operator", "officer-1")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        lookup("t1-national-pension", numbers.get(0))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(json.statusCode()).isEqualTo(415);
    assertThat(json.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(auditedOutcome(new JsonObject(json.body()).getString("requestId")))
        .as("the refusal is recorded")
        .isEqualTo("UNSUPPORTED_MEDIA_TYPE");

    String tooLong =
        lookup("t1-national-pension", numbers.get(0))
            + "\n{\"affair\":\""
            + "x".repeat(5_000)
            + "\"}\n";
    List<JsonObject> lines =
        send("jps", "batch-long", tooLong).body().lines().map(JsonObject::new).toList();
    assertThat(lines).extracting(line -> line.getInteger("status")).containsExactly(200, 400);
    assertThat(lines).extracting(line -> line.getInteger("line")).containsExactly(1, 2);
    assertThat(lines.get(1).getJsonObject("problem").getString("code"))
        .isEqualTo("BATCH_TOO_LARGE");

    // Nothing in flight when the long line comes: the answer still ends, and the connection closes.
    // (On a new client: the batch above ended its connection, which a pooled client may not have
    // noticed yet when it sends the next request.)
    List<JsonObject> alone =
        send(
                HttpClient.newHttpClient(),
                "jps",
                "batch-alone",
                "{\"affair\":\"" + "y".repeat(5_000) + "\"}\n")
            .body()
            .lines()
            .map(JsonObject::new)
            .toList();
    assertThat(alone).hasSize(1);
    assertThat(alone.get(0).getInteger("line")).isEqualTo(1);
    assertThat(alone.get(0).getJsonObject("problem").getString("code"))
        .isEqualTo("BATCH_TOO_LARGE");
  }

  @Test
  void should_keep_the_firewall_in_front_of_the_batch() throws Exception {
    HttpResponse<String> denied =
        send("bank-demo", "batch-bank", lookup("t1-national-pension", numbers.get(0)) + "\n");
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(denied.body()).getString("code")).isEqualTo("FIREWALL_DENIED");
  }

  private static String lookup(String affair, String myNumber) {
    return new JsonObject().put("affair", affair).put("myNumber", myNumber).encode();
  }

  private static HttpResponse<String> send(String body, String requestId, String ndjson)
      throws Exception {
    return send(HTTP, body, requestId, ndjson);
  }

  private static HttpResponse<String> send(
      HttpClient client, String body, String requestId, String ndjson) throws Exception {
    return client.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + hub.apiPort() + "/v1/identity/lookup:batch"))
            .header("X-Jukihub-Body", body)
            .header("X-Jukihub-Operator", "officer-1")
            .header("X-Request-Id", requestId)
            .header("Content-Type", "application/x-ndjson")
            .POST(HttpRequest.BodyPublishers.ofString(ndjson))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Audit records whose request id matches {@code pattern} (SQL LIKE). */
  private static long audited(String pattern) throws Exception {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement count =
            connection.prepareStatement(
                "SELECT count(*) FROM audit.record WHERE request_id LIKE ?")) {
      count.setString(1, pattern);
      try (ResultSet rows = count.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private static String auditedOutcome(String requestId) throws Exception {
    return (String)
        TestDatabases.scalar(
            database, "SELECT outcome FROM audit.record WHERE request_id = ?", requestId);
  }

  /** Waits until some lines were audited and the count then stays put for a second; returns it. */
  private static long awaitSteady(String pattern) throws Exception {
    long[] count = {-1}; // the count last seen,
    long[] since = {0}; // and when it was first seen
    Eventually.until(
        Duration.ofSeconds(30),
        "the audited count of " + pattern + " stays put for a second",
        () -> {
          long now = audited(pattern);
          if (now != count[0]) {
            count[0] = now;
            since[0] = System.nanoTime();
            return false;
          }
          return now > 0 && System.nanoTime() - since[0] >= Duration.ofSeconds(1).toNanos();
        });
    return count[0];
  }
}
