package jp.jukihub.gateway.audit;

import static jp.jukihub.testing.TestDatabases.setConnections;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jp.jukihub.audit.AuditEvent;
import jp.jukihub.audit.AuditPublicKey;
import jp.jukihub.audit.AuditSettings;
import jp.jukihub.audit.AuditSigningKey;
import jp.jukihub.audit.AuditVerification;
import jp.jukihub.audit.ChainReport;
import jp.jukihub.audit.DurableAuditTrail;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.gateway.HubServer;
import jp.jukihub.gateway.config.HubConfigLoader;
import jp.jukihub.gateway.config.HubOptions;
import jp.jukihub.nation.MunicipalityCatalog;
import jp.jukihub.nation.NationGenerator;
import jp.jukihub.nation.NationLoader;
import jp.jukihub.nation.NationOptions;
import jp.jukihub.nation.ResidentSampler;
import jp.jukihub.progress.Progress;
import jp.jukihub.testing.Eventually;
import jp.jukihub.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The auditor's API over real HTTP, on a real trail in a real PostgreSQL with a small nation. */
class AuditApiIT {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir static Path data;
  static DatabaseTarget database;
  static HubServer hub;
  static HubOptions options;
  static String myNumber;

  @BeforeAll
  static void start() throws Exception {
    database = TestDatabases.fresh();
    new NationLoader(database, new NationGenerator(MunicipalityCatalog.load(), new byte[32]))
        .load(NationOptions.of(300, 7), false, Progress.SILENT);
    myNumber = new ResidentSampler(database).sample(1, null).get(0).myNumber();
    options = options(data, "audit-api");
    hub = HubServer.start(options, database, true);
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  static HubOptions options(Path dataDirectory, String instance) {
    return HubConfigLoader.load(
            null,
            Map.of("JUKIHUB_DATA_DIR", dataDirectory.toString(), "JUKIHUB_INSTANCE", instance))
        .withFreeLoopbackPorts();
  }

  static HttpResponse<String> get(int port, String body, String path, String requestId)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("X-Jukihub-Body", body)
            .header("X-Jukihub-Operator", "op-7")
            .GET();
    if (requestId != null) {
      request.header("X-Request-Id", requestId);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(String body, String path, String requestId) throws Exception {
    return get(hub.apiPort(), body, path, requestId);
  }

  static JsonObject recordOf(String requestId) throws Exception {
    HttpResponse<String> found = get("auditor", "/v1/audit/records?requestId=" + requestId, null);
    assertThat(found.statusCode()).isEqualTo(200);
    JsonArray records = new JsonObject(found.body()).getJsonArray("records");
    assertThat(records).as("one record for request " + requestId).hasSize(1);
    return records.getJsonObject(0);
  }

  static void assertProblem(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(new JsonObject(response.body()).getString("code")).isEqualTo(code);
  }

  @Test
  void should_record_the_auditors_own_reads_with_who_what_and_hashes() throws Exception {
    HttpResponse<String> read = get("auditor", "/v1/audit/records?limit=5", "read-1");
    assertThat(read.statusCode()).isEqualTo(200);
    JsonObject record = recordOf("read-1");
    assertThat(record.getString("body")).isEqualTo("auditor");
    assertThat(record.getString("operator")).isEqualTo("op-7");
    assertThat(record.getString("zone")).isEqualTo("ops");
    assertThat(record.getString("route")).isEqualTo("audit.records");
    assertThat(record.containsKey("counterpart")).isTrue();
    assertThat(record.getString("counterpart")).as("no exchange between two bodies").isNull();
    assertThat(record.getString("affair")).as("the deciding row").isEqualTo("audit.office");
    assertThat(record.getString("outcome")).isEqualTo("ok");
    assertThat(record.getInteger("status")).isEqualTo(200);
    assertThat(record.getJsonArray("fields").getList()).containsExactly("auditRecords");
    assertThat(record.getString("requestHash")).matches("[0-9a-f]{64}");
    assertThat(record.getString("answerHash"))
        .matches("[0-9a-f]{64}")
        .isNotEqualTo(record.getString("requestHash"));
    assertThat(record.getLong("latencyMicros")).isPositive();
  }

  @Test
  void should_show_the_other_body_when_a_record_is_of_an_exchange_between_two() throws Exception {
    try (DurableAuditTrail trail =
        DurableAuditTrail.start(
            database,
            new AuditSettings("exchange-test", 16, 10, 1, 10, 60_000, 5_000, 100),
            AuditSigningKey.of(new byte[32]),
            Clock.systemUTC(),
            new SimpleMeterRegistry())) {
      trail
          .append(
              new AuditEvent(
                  "exchange-1",
                  "jps",
                  "op-7",
                  "national_body",
                  "provision.request",
                  null,
                  null,
                  null,
                  List.of(),
                  "ok",
                  200,
                  100,
                  new byte[32],
                  new byte[32],
                  "lg-131016"))
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
    }
    JsonObject record = recordOf("exchange-1");
    assertThat(record.getString("body")).isEqualTo("jps");
    assertThat(record.getString("counterpart")).isEqualTo("lg-131016");
  }

  @Test
  void should_refuse_every_other_body_with_403_and_record_the_attempt() throws Exception {
    for (String body : List.of("jps", "lg-131016", "bank-demo", "portal")) {
      HttpResponse<String> refused = get(body, "/v1/audit/records", "denied-" + body);
      assertProblem(refused, 403, "NOT_PERMITTED");
      HttpResponse<String> accesses =
          get(body, "/v1/audit/subjects/" + myNumber + "/accesses", null);
      assertProblem(accesses, 403, "NOT_PERMITTED");
      assertThat(accesses.body()).doesNotContain(myNumber);
      JsonObject attempt = recordOf("denied-" + body);
      assertThat(attempt.getString("outcome")).isEqualTo("NOT_PERMITTED");
      assertThat(attempt.getString("affair")).as("no row covers this body").isNull();
      assertThat(attempt.getInteger("status")).isEqualTo(403);
      assertThat(attempt.getJsonArray("fields")).isEmpty();
    }
  }

  @Test
  void should_tell_who_saw_a_persons_record_and_list_the_auditors_earlier_look() throws Exception {
    String path = "/v1/audit/subjects/" + myNumber + "/accesses";
    assertThat(get("auditor", path, "subject-1").statusCode()).isEqualTo(200);
    HttpResponse<String> second = get("auditor", path, "subject-2");
    assertThat(second.statusCode()).isEqualTo(200);
    JsonArray accesses = new JsonObject(second.body()).getJsonArray("accesses");
    assertThat(accesses).isNotEmpty();
    JsonObject first = accesses.getJsonObject(accesses.size() - 1);
    assertThat(first.getString("body")).isEqualTo("auditor");
    assertThat(first.getString("route")).isEqualTo("audit.accesses");
    assertThat(first.getJsonArray("fields").getList()).containsExactly("accesses");
    assertThat(second.body())
        .as("an access list never repeats the number")
        .doesNotContain(myNumber);
    JsonObject recorded = recordOf("subject-2");
    assertThat(recorded.getLong("subject")).as("the subject is the internal person id").isNotNull();
    assertThat(recorded.encode()).doesNotContain(myNumber);
  }

  @Test
  void should_export_the_writers_meters_without_personal_data() throws Exception {
    get("auditor", "/v1/audit/subjects/" + myNumber + "/accesses", null);
    String metrics =
        HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.opsPort() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(metrics)
        .containsPattern("hub_audit_records_total\\{[^}]*\\} [1-9]")
        .contains("hub_audit_queue_depth{")
        .contains("hub_audit_queue_capacity{")
        .contains("hub_audit_available{")
        .contains("hub_audit_commit_seconds_bucket{")
        .contains("hub_audit_batch_size_records_bucket{")
        .containsPattern("hub_requests_seconds_count\\{[^}]*route=\"audit.accesses\"")
        .doesNotContain(myNumber);
  }

  @Test
  void should_page_with_an_opaque_cursor_until_the_end() throws Exception {
    for (int i = 0; i < 5; i++) {
      get("auditor", "/v1/audit/records?limit=1&body=nobody-" + i, null);
    }
    Map<String, Boolean> seen = new LinkedHashMap<>();
    String cursor = null;
    int pages = 0;
    do {
      HttpResponse<String> page =
          get(
              "auditor",
              "/v1/audit/records?body=auditor&limit=2"
                  + (cursor == null ? "" : "&cursor=" + cursor),
              null);
      assertThat(page.statusCode()).isEqualTo(200);
      JsonObject json = new JsonObject(page.body());
      for (Object record : json.getJsonArray("records")) {
        JsonObject r = (JsonObject) record;
        assertThat(seen.put(r.getString("chain") + "/" + r.getLong("seq"), true))
            .as("no record twice")
            .isNull();
      }
      cursor = json.getString("nextCursor");
      pages++;
    } while (cursor != null && pages < 1000);
    assertThat(pages).isGreaterThan(2);
    assertThat(seen).hasSizeGreaterThanOrEqualTo(5);
  }

  @Test
  void should_answer_400_problems_for_bad_parameters_and_numbers() throws Exception {
    assertProblem(
        get("auditor", "/v1/audit/subjects/123456789012/accesses", null), 400, "INVALID_MY_NUMBER");
    assertProblem(get("auditor", "/v1/audit/records?colour=blue", null), 400, "INVALID_REQUEST");
    assertProblem(get("auditor", "/v1/audit/records?limit=0", null), 400, "INVALID_REQUEST");
    assertProblem(get("auditor", "/v1/audit/records?limit=1001", null), 400, "INVALID_REQUEST");
    assertProblem(get("auditor", "/v1/audit/records?from=yesterday", null), 400, "INVALID_REQUEST");
    assertProblem(
        get("auditor", "/v1/audit/records?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", null),
        400,
        "INVALID_REQUEST");
    assertProblem(get("auditor", "/v1/audit/records?cursor=bm9wZQ", null), 400, "INVALID_REQUEST");
    HttpResponse<String> unknown =
        get("auditor", "/v1/audit/subjects/" + otherValidNumber() + "/accesses", null);
    assertProblem(unknown, 404, "NOT_FOUND");
  }

  /** A number with a valid check digit that no resident of the small nation holds. */
  static String otherValidNumber() {
    for (long base = 12_345_678_901L; ; base++) {
      String candidate = jp.jukihub.number.MyNumber.fromBase(base).value();
      if (!candidate.equals(myNumber)) {
        return candidate;
      }
    }
  }

  @Test
  void should_fail_closed_with_503_while_the_audit_store_is_down_and_recover() throws Exception {
    DatabaseTarget own = TestDatabases.fresh();
    try (HubServer other =
        HubServer.start(options(data.resolve("down"), "audit-down"), own, true)) {
      assertThat(get(other.apiPort(), "auditor", "/v1/audit/records", null).statusCode())
          .isEqualTo(200);
      setConnections(own, false);
      HttpResponse<String> refused =
          get(other.apiPort(), "auditor", "/v1/audit/records", "while-down");
      assertProblem(refused, 503, "AUDIT_UNAVAILABLE");
      HttpResponse<String> ready =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + other.opsPort() + "/health/ready"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body()).contains("audit-writer");
      setConnections(own, true);
      Eventually.until(
          Duration.ofSeconds(15),
          "the audit store serves again",
          () -> get(other.apiPort(), "auditor", "/v1/audit/records?requestId=while-down", "after"),
          answer -> answer.statusCode() == 200);
      HttpResponse<String> none =
          get(other.apiPort(), "auditor", "/v1/audit/records?requestId=while-down", null);
      assertThat(new JsonObject(none.body()).getJsonArray("records"))
          .as("a refused request leaves no record")
          .isEmpty();
    }
    List<ChainReport> reports =
        new AuditVerification(
                AuditPublicKey.fromSigningKeyFile(
                    data.resolve("down").resolve("keys").resolve("audit-signing.key")),
                Progress.SILENT)
            .database(own, null, null);
    assertThat(reports)
        .allSatisfy(report -> assertThat(report.intact()).as(report.describe()).isTrue());
  }

  @Test
  void should_refuse_at_once_with_503_when_the_audit_queue_is_full_and_record_every_200()
      throws Exception {
    DatabaseTarget own = TestDatabases.fresh();
    HubOptions small = options(data.resolve("full"), "audit-full");
    small = small.withAudit(small.audit().withQueueCapacity(2));
    try (HubServer other = HubServer.start(small, own, true);
        Connection blocker = own.dataSource().getConnection()) {
      assertThat(get(other.apiPort(), "auditor", "/v1/audit/records", null).statusCode())
          .isEqualTo(200);
      blocker.setAutoCommit(false);
      try (Statement lock = blocker.createStatement()) {
        lock.execute(
            "SELECT * FROM audit.chain_head FOR UPDATE"); // the writer's next commit waits here
      }
      List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> sent =
          new java.util.ArrayList<>();
      for (int i = 0; i < 12; i++) {
        sent.add(
            HTTP.sendAsync(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:" + other.apiPort() + "/v1/audit/records?limit=1"))
                    .header("X-Jukihub-Body", "auditor")
                    .header("X-Jukihub-Operator", "op-7")
                    .header("X-Request-Id", "full-" + i)
                    .build(),
                HttpResponse.BodyHandlers.ofString()));
        Thread.sleep(20);
      }
      Eventually.until(
          Duration.ofSeconds(3),
          "a full queue refuses at once, not after the commit",
          () -> sent.stream().anyMatch(java.util.concurrent.CompletableFuture::isDone));
      blocker.commit();
      Map<String, Integer> statuses = new LinkedHashMap<>();
      for (var response : sent) {
        HttpResponse<String> answer = response.get(20, java.util.concurrent.TimeUnit.SECONDS);
        String id = answer.headers().firstValue("X-Request-Id").orElseThrow();
        statuses.put(id, answer.statusCode());
        if (answer.statusCode() == 503) {
          assertProblem(answer, 503, "AUDIT_UNAVAILABLE");
          assertThat(new JsonObject(answer.body()).getString("detail")).contains("queue is full");
        }
      }
      assertThat(statuses.values()).contains(200, 503).containsOnly(200, 503);
      for (var entry : statuses.entrySet()) {
        JsonArray records =
            new JsonObject(
                    get(
                            other.apiPort(),
                            "auditor",
                            "/v1/audit/records?requestId=" + entry.getKey(),
                            null)
                        .body())
                .getJsonArray("records");
        assertThat(records)
            .as(entry.getKey() + " answered " + entry.getValue())
            .hasSize(entry.getValue() == 200 ? 1 : 0);
      }
    }
  }
}
