package jp.jukihub.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.OutputStream;
import java.net.InetSocketAddress;
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
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.gateway.HubServer;
import jp.jukihub.gateway.config.AuditOptions;
import jp.jukihub.gateway.config.HubConfigLoader;
import jp.jukihub.gateway.config.HubOptions;
import jp.jukihub.gateway.config.LimitOptions;
import jp.jukihub.gateway.testing.Scrape;
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
 * Fair limits over real HTTP: a batch's lines take the body's rate tokens, a body streams only a
 * few batches at once, and a body flooding the audit trail is held to its share of the queue while
 * another body's lookups are still answered.
 */
class FairLimitsIT {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir Path data;

  @Test
  void should_answer_429_per_line_when_a_batch_holds_more_lines_than_the_body_has_tokens()
      throws Exception {
    DatabaseTarget database = nation();
    List<String> numbers = numbers(database, 40);
    // jps: 10 a second, a burst of 20; the hub's ticks stand still until the test moves them.
    HubOptions options =
        options("fair-tokens").withLimits(new LimitOptions(5_000, Map.of("jps", 10)));
    AtomicLong ticks = new AtomicLong();
    HubServer.Time time = new HubServer.Time(Clock.systemUTC(), ticks::get);
    try (HubServer hub = HubServer.start(options, database, true, HubServer.DURABLE_AUDIT, time)) {
      StringBuilder batch = new StringBuilder();
      for (int i = 0; i < 30; i++) {
        batch.append(lookup("t1-national-pension", numbers.get(i))).append('\n');
      }

      HttpResponse<String> response = batch(hub, "jps", "tokens", batch.toString());

      assertThat(response.statusCode()).isEqualTo(200);
      List<JsonObject> lines = response.body().lines().map(JsonObject::new).toList();
      assertThat(lines).hasSize(30);
      // The batch request took one token of the twenty; its first nineteen lines the rest.
      assertThat(lines.subList(0, 19)).allMatch(line -> line.getInteger("status") == 200);
      assertThat(lines.subList(19, 30))
          .allMatch(line -> line.getInteger("status") == 429)
          .allMatch(line -> "RATE_LIMITED".equals(line.getJsonObject("problem").getString("code")))
          .allMatch(line -> line.getInteger("retryAfter") >= 1);
      assertThat(audited(database, "tokens/%"))
          .as("lines refused by the rate are not audited, as single requests are not")
          .isEqualTo(19);
      assertThat(me(hub, "jps").statusCode()).as("the body's tokens are spent").isEqualTo(429);
      ticks.addAndGet(TimeUnit.SECONDS.toNanos(1));
      assertThat(me(hub, "jps").statusCode()).as("a second later tokens are back").isEqualTo(200);
    }
  }

  @Test
  void should_answer_429_too_many_batches_when_a_body_streams_more_than_its_share()
      throws Exception {
    DatabaseTarget database = nation();
    List<String> numbers = numbers(database, 4);
    try (HubServer hub = HubServer.start(options("fair-batches"), database, true);
        Socket first = openBatch(hub, "jps", lookup("t1-national-pension", numbers.get(0)));
        Socket second = openBatch(hub, "jps", lookup("t1-national-pension", numbers.get(1)))) {
      String one = lookup("t1-national-pension", numbers.get(2)) + "\n";
      // Both batches are streaming once each has answered its first line.
      awaitAnswered(first);
      awaitAnswered(second);

      HttpResponse<String> third = batch(hub, "jps", "third", one);

      assertThat(third.statusCode()).isEqualTo(429);
      assertThat(new JsonObject(third.body()).getString("code")).isEqualTo("TOO_MANY_BATCHES");
      assertThat(batch(hub, "nta", "other-body", lookup("t1-national-tax", numbers.get(3))))
          .as("another body's batch is not held back")
          .extracting(HttpResponse::statusCode)
          .isEqualTo(200);
      first.close();
      HttpResponse<String> again =
          Eventually.until(
              Duration.ofSeconds(10),
              "a batch accepted once one of the two has ended",
              () -> batch(hub, "jps", "again", one),
              answer -> answer.statusCode() == 200);
      assertThat(again.body()).contains("\"status\":200");
    }
  }

  @Test
  void should_hold_a_flooding_body_to_its_audit_share_while_another_body_is_answered()
      throws Exception {
    DatabaseTarget database = nation();
    List<String> numbers = numbers(database, 60);
    // 32 records may queue in all, one body 8 of them (a quarter; its batches hold at most 4).
    HubOptions base = options("fair-audit");
    AuditOptions audit = base.audit();
    HubOptions options =
        base.withAudit(
            new AuditOptions(
                32,
                4,
                audit.connections(),
                audit.checkpointEveryRecords(),
                audit.checkpointEveryMillis(),
                // A store slow for as long as the test needs, not one that has failed: with the
                // default (1 s) every waiting request would be refused as late.
                30_000,
                audit.retentionYears(),
                audit.signingKeyFile(),
                audit.hashKeyFile(),
                audit.witnessFile()));
    try (HubServer hub = HubServer.start(options, database, true);
        Connection lock = database.dataSource().getConnection()) {
      assertThat(lookup(hub, "jps", "t1-national-pension", numbers.get(0)).join().statusCode())
          .as("warm")
          .isEqualTo(200);
      // Commits wait behind this lock, so records pile up as they would behind a slow store.
      lock.setAutoCommit(false);
      try (Statement statement = lock.createStatement()) {
        statement.execute("LOCK TABLE audit.chain_head IN ACCESS EXCLUSIVE MODE");
      }
      List<CompletableFuture<HttpResponse<String>>> flood = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        flood.add(lookup(hub, "jps", "t1-national-pension", numbers.get(i)));
      }
      // Forty would fill the whole queue (32); past its share of 8 queued, the body is refused
      // at once. (The writer has taken a few into the two batches that wait for the lock.)
      Eventually.until(
          Duration.ofSeconds(10),
          "each of the flooding body's lookups refused or waiting for the audit trail",
          () ->
              flood.stream().filter(CompletableFuture::isDone).count()
                      + Scrape.of(hub).sum("hub_audit_waiting", Map.of())
                  == 40);
      assertThat(Scrape.of(hub).sum("hub_audit_queue_depth", Map.of())).isEqualTo(8);
      assertThat(flood.stream().filter(CompletableFuture::isDone).map(CompletableFuture::join))
          .isNotEmpty()
          .allMatch(answer -> answer.statusCode() == 429)
          .allMatch(answer -> answer.body().contains("AUDIT_SHARE_EXCEEDED"));
      long refused = flood.stream().filter(CompletableFuture::isDone).count();

      List<CompletableFuture<HttpResponse<String>>> others = new ArrayList<>();
      for (int i = 40; i < 44; i++) {
        others.add(lookup(hub, "nta", "t1-national-tax", numbers.get(i)));
      }
      Eventually.until(
          Duration.ofSeconds(10),
          "the other body's four records queued beside the flooding body's eight",
          () -> Scrape.of(hub).sum("hub_audit_queue_depth", Map.of()) == 12);
      assertThat(others).noneMatch(CompletableFuture::isDone);
      lock.rollback();

      for (CompletableFuture<HttpResponse<String>> other : others) {
        HttpResponse<String> answer = other.get(10, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      }
      assertThat(flood.stream().map(CompletableFuture::join))
          .filteredOn(answer -> answer.statusCode() == 200)
          .as("the flooding body's share (and what the writer had taken) is answered too")
          .hasSize(40 - (int) refused);
    }
  }

  private HubOptions options(String instance) {
    return HubConfigLoader.load(
            null, Map.of("JUKIHUB_DATA_DIR", data.toString(), "JUKIHUB_INSTANCE", instance))
        .withFreeLoopbackPorts();
  }

  private static DatabaseTarget nation() throws Exception {
    DatabaseTarget database = TestDatabases.fresh();
    new NationLoader(database, new NationGenerator(MunicipalityCatalog.load(), new byte[32]))
        .load(NationOptions.of(300, 11), false, Progress.SILENT);
    return database;
  }

  private static List<String> numbers(DatabaseTarget database, int count) throws Exception {
    List<String> numbers = new ArrayList<>();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT my_number FROM national.identity WHERE status = 'current'"
                    + " ORDER BY person_id LIMIT ?")) {
      select.setInt(1, count);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          numbers.add(rows.getString(1));
        }
      }
    }
    assertThat(numbers).hasSize(count);
    return numbers;
  }

  private static long audited(DatabaseTarget database, String pattern) throws Exception {
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

  private static String lookup(String affair, String myNumber) {
    return new JsonObject().put("affair", affair).put("myNumber", myNumber).encode();
  }

  private static CompletableFuture<HttpResponse<String>> lookup(
      HubServer hub, String body, String affair, String myNumber) {
    return HTTP.sendAsync(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + hub.apiPort() + "/v1/identity/lookup"))
            .header("X-Jukihub-Body", body)
            .header("X-Jukihub-Operator", "fair-test")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(lookup(affair, myNumber)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> batch(
      HubServer hub, String body, String requestId, String ndjson) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + hub.apiPort() + "/v1/identity/lookup:batch"))
            .header("X-Jukihub-Body", body)
            .header("X-Jukihub-Operator", "fair-test")
            .header("X-Request-Id", requestId)
            .header("Content-Type", "application/x-ndjson")
            .POST(HttpRequest.BodyPublishers.ofString(ndjson))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> me(HubServer hub, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.apiPort() + "/v1/bodies/me"))
            .header("X-Jukihub-Body", body)
            .header("X-Jukihub-Operator", "fair-test")
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A batch that sends its first line and then keeps its body open (chunked, never ended). */
  private static Socket openBatch(HubServer hub, String body, String firstLine) throws Exception {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", hub.apiPort()));
    socket.setSoTimeout(10_000);
    byte[] line = (firstLine + "\n").getBytes(StandardCharsets.UTF_8);
    OutputStream out = socket.getOutputStream();
    out.write(
        ("POST /v1/identity/lookup:batch HTTP/1.1\r\nHost: 127.0.0.1:"
                + hub.apiPort()
                + "\r\nX-Jukihub-Body: "
                + body
                + "\r\nX-Jukihub-Operator: fair-test\r\nContent-Type: application/x-ndjson\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(line.length)
                + "\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.write(line);
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return socket;
  }

  /** Reads until the batch's first answer line has come. */
  private static void awaitAnswered(Socket socket) throws Exception {
    StringBuilder seen = new StringBuilder();
    var in = socket.getInputStream();
    while (!seen.toString().contains("\"line\":1")) {
      int b = in.read();
      if (b < 0) {
        throw new AssertionError("the batch's connection closed: " + seen);
      }
      seen.append((char) b);
    }
  }
}
