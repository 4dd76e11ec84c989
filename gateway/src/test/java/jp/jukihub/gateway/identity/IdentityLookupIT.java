package jp.jukihub.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.gateway.HubServer;
import jp.jukihub.gateway.config.HubConfigLoader;
import jp.jukihub.gateway.config.HubOptions;
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
 * Identity lookups over real HTTP against a seeded nation: the law table, scopes, fields, audit.
 */
class IdentityLookupIT {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir static Path data;
  static DatabaseTarget database;
  static HubServer hub;
  static Subject tokyo;
  static Subject elsewhere;

  record Subject(long personId, String myNumber, String residentCode, String lgCode) {}

  @BeforeAll
  static void start() throws Exception {
    database = TestDatabases.fresh();
    new NationLoader(database, new NationGenerator(MunicipalityCatalog.load(), new byte[32]))
        .load(NationOptions.of(2_000, 5), false, Progress.SILENT);
    tokyo = subject("substr(lg_code, 1, 2) = '13' AND lg_code <> '131016'");
    elsewhere = subject("substr(lg_code, 1, 2) <> '13'");
    HubOptions options =
        HubConfigLoader.load(
                null, Map.of("JUKIHUB_DATA_DIR", data.toString(), "JUKIHUB_INSTANCE", "identity"))
            .withFreeLoopbackPorts();
    hub = HubServer.start(options, database, true);
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  static Subject subject(String where) throws Exception {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT person_id, my_number, resident_code, lg_code FROM national.identity WHERE "
                    + where
                    + " ORDER BY person_id LIMIT 1");
        ResultSet row = select.executeQuery()) {
      row.next();
      return new Subject(row.getLong(1), row.getString(2), row.getString(3), row.getString(4));
    }
  }

  static HttpResponse<String> lookup(String body, JsonObject request) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + hub.apiPort() + "/v1/identity/lookup"))
            .header("X-Jukihub-Body", body)
            .header("X-Jukihub-Operator", "officer-3")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(request.encode()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static void assertProblem(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(new JsonObject(response.body()).getString("code")).isEqualTo(code);
  }

  @Test
  void should_answer_the_pension_service_with_every_field_its_row_releases_and_record_the_affair()
      throws Exception {
    HttpResponse<String> answer =
        lookup(
            "jps",
            new JsonObject()
                .put("affair", "t1-national-pension")
                .put("myNumber", elsewhere.myNumber()));

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    JsonObject json = new JsonObject(answer.body());
    assertThat(json.getString("myNumber")).isEqualTo(elsewhere.myNumber());
    assertThat(json.getString("residentCode")).isEqualTo(elsewhere.residentCode());
    assertThat(json.getJsonObject("address").getString("lgCode")).isEqualTo(elsewhere.lgCode());
    assertThat(json.getString("status")).isEqualTo("current");
    assertThat(json.getString("servedBy")).isEqualTo("national");
    assertThat(json.getJsonArray("changes")).isNotNull();
    assertThat(recordedAffair(elsewhere.personId())).isEqualTo("t1-national-pension");
  }

  @Test
  void should_release_only_what_the_row_allows_and_refuse_keys_and_affairs_it_does_not()
      throws Exception {
    HttpResponse<String> tax =
        lookup(
            "nta",
            new JsonObject().put("affair", "t1-national-tax").put("myNumber", tokyo.myNumber()));
    assertThat(tax.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(tax.body()).containsKey("residentCode"))
        .as("the tax agency never had the resident code")
        .isFalse();

    assertProblem(
        lookup(
            "nta",
            new JsonObject()
                .put("affair", "t1-national-tax")
                .put("residentCode", tokyo.residentCode())),
        403,
        "AFFAIR_NOT_PERMITTED");
    assertProblem(
        lookup(
            "nta",
            new JsonObject()
                .put("affair", "t1-national-pension")
                .put("myNumber", tokyo.myNumber())),
        403,
        "AFFAIR_NOT_PERMITTED");
    HttpResponse<String> status =
        lookup(
            "jps",
            new JsonObject()
                .put("affair", "t1-pension-status")
                .put("residentCode", tokyo.residentCode()));
    assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
    assertThat(new JsonObject(status.body()).fieldNames())
        .as("the status check releases name, status and changes only")
        .containsExactlyInAnyOrder("affair", "name", "status", "changes", "asOf", "servedBy");
  }

  @Test
  void should_keep_a_prefecture_to_its_own_residents_and_say_nothing_of_who_exists_elsewhere()
      throws Exception {
    HttpResponse<String> own =
        lookup(
            "pref-13",
            new JsonObject().put("affair", "t5-local-tax").put("myNumber", tokyo.myNumber()));
    assertThat(own.statusCode()).as(own.body()).isEqualTo(200);

    HttpResponse<String> outside =
        lookup(
            "pref-13",
            new JsonObject().put("affair", "t5-local-tax").put("myNumber", elsewhere.myNumber()));
    HttpResponse<String> unknown =
        lookup(
            "pref-13",
            new JsonObject()
                .put("affair", "t5-local-tax")
                .put("myNumber", MyNumber.fromBase(1).value()));
    assertProblem(outside, 403, "OUT_OF_SCOPE");
    assertProblem(unknown, 403, "OUT_OF_SCOPE");
    assertThat(new JsonObject(unknown.body()).getString("detail"))
        .isEqualTo(new JsonObject(outside.body()).getString("detail"));
  }

  @Test
  void should_let_a_municipality_see_other_municipalities_residents_for_vaccination()
      throws Exception {
    HttpResponse<String> answer =
        lookup(
            "lg-131016",
            new JsonObject().put("affair", "t2-vaccination").put("myNumber", elsewhere.myNumber()));
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(new JsonObject(answer.body()).containsKey("changes")).isFalse();
  }

  @Test
  void should_refuse_bad_input_with_a_stable_code() throws Exception {
    assertProblem(
        lookup(
            "jps",
            new JsonObject().put("affair", "t1-national-pension").put("myNumber", "123456789012")),
        400,
        "INVALID_MY_NUMBER");
    assertProblem(
        lookup("jps", new JsonObject().put("affair", "t1-national-pension")),
        400,
        "INVALID_REQUEST");
    assertProblem(
        lookup(
            "jps",
            new JsonObject()
                .put("affair", "t1-national-pension")
                .put("myNumber", tokyo.myNumber())
                .put("residentCode", tokyo.residentCode())),
        400,
        "INVALID_REQUEST");
    assertProblem(
        lookup(
            "jps",
            new JsonObject()
                .put("affair", "t1-national-pension")
                .put("myNumber", MyNumber.fromBase(1).value())),
        404,
        "NOT_FOUND");
    assertProblem(
        lookup(
            "bank-demo",
            new JsonObject()
                .put("affair", "t1-national-pension")
                .put("myNumber", tokyo.myNumber())),
        403,
        "FIREWALL_DENIED");
  }

  @Test
  void
      should_see_a_municipal_change_on_the_next_lookup_within_a_second_although_the_answer_was_cached()
          throws Exception {
    HttpResponse<String> born =
        send(
            "lg-131016",
            "POST",
            "/v1/municipalities/131016/residents",
            new JsonObject()
                .put("event", "birth")
                .put("name", new JsonObject().put("kanji", "森\u3000一花").put("kana", "モリ\u3000イチカ"))
                .put("birthDate", "2024-08-08")
                .put("sex", "female")
                .put("addressRest", "丸の内1丁目1番")
                .encode(),
            "cache-birth-1");
    assertThat(born.statusCode()).as(born.body()).isEqualTo(201);
    String myNumber = new JsonObject(born.body()).getString("myNumber");
    String residentCode = new JsonObject(born.body()).getString("residentCode");
    JsonObject ask =
        new JsonObject().put("affair", "t1-national-pension").put("myNumber", myNumber);
    HttpResponse<String> first = awaitLookup(ask, "丸の内1丁目1番");
    double hits = cacheHits("identity");
    double answerHits = cacheHits("identity-answers");
    assertThat(lookup("jps", ask).body()).isEqualTo(first.body());
    assertThat(cacheHits("identity"))
        .as("the second lookup was served from the cache")
        .isEqualTo(hits + 1);
    assertThat(cacheHits("identity-answers"))
        .as("and its answer, encoded the first time, too")
        .isEqualTo(answerHits + 1);

    HttpResponse<String> moved =
        send(
            "lg-131016",
            "PATCH",
            "/v1/municipalities/131016/residents/" + residentCode,
            new JsonObject()
                .put("addressRest", "大手町2丁目2番")
                .put("reason", "転居")
                .put("effectiveOn", "2024-09-01")
                .encode(),
            null);
    assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
    long changed = System.nanoTime();
    HttpResponse<String> after = awaitLookup(ask, "大手町2丁目2番");
    assertThat(Duration.ofNanos(System.nanoTime() - changed))
        .as("seen within 1 s of the change")
        .isLessThan(Duration.ofSeconds(1));
    assertThat(
            new JsonObject(after.body())
                .getJsonArray("changes").stream().map(c -> ((JsonObject) c).getString("why")))
        .as("the new version's changes, not the cached ones of the old version")
        .contains("転居");

    String metrics =
        HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.opsPort() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(metrics)
        .contains("cache_gets_total{cache=\"identity\"")
        .contains("cache_evictions_total{cache=\"identity\"");
  }

  private static double cacheHits(String cache) throws Exception {
    String metrics =
        HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.opsPort() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    return metrics
        .lines()
        .filter(
            line ->
                line.startsWith("cache_gets_total{cache=\"" + cache + "\"")
                    && line.contains("result=\"hit\""))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static HttpResponse<String> awaitLookup(JsonObject ask, String addressRest)
      throws Exception {
    return Eventually.until(
        Duration.ofSeconds(10),
        "the lookup answers with the address " + addressRest,
        () -> lookup("jps", ask),
        answer ->
            answer.statusCode() == 200
                && new JsonObject(answer.body())
                    .getJsonObject("address")
                    .getString("rest")
                    .equals(addressRest));
  }

  static HttpResponse<String> send(String body, String method, String path, String json, String key)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.apiPort() + path))
            .header("X-Jukihub-Body", body)
            .header("X-Jukihub-Operator", "clerk-9")
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(json));
    if (key != null) {
      request.header("Idempotency-Key", key);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String recordedAffair(long subject) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT affair FROM audit.record WHERE route = 'identity.lookup' AND subject = ? AND outcome = 'ok'")) {
      select.setLong(1, subject);
      while (System.nanoTime() < deadline) {
        try (ResultSet rows = select.executeQuery()) {
          if (rows.next()) {
            return rows.getString(1);
          }
        }
      }
    }
    return null;
  }
}
