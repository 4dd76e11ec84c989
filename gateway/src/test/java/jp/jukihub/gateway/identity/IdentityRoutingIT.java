package jp.jukihub.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
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
import jp.jukihub.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which tier answers a lookup, the fallback to the prefecture tiers when the national tier fails or
 * is too slow, and the 4-info search; over real HTTP against a seeded nation.
 */
class IdentityRoutingIT {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir static Path data;
  static DatabaseTarget database;
  static HubServer hub;

  record Subject(
      long personId,
      String myNumber,
      String lgCode,
      String nameKana,
      String birthDate,
      String sex) {}

  @BeforeAll
  static void start() throws Exception {
    database = TestDatabases.fresh();
    new NationLoader(database, new NationGenerator(MunicipalityCatalog.load(), new byte[32]))
        .load(NationOptions.of(2_000, 7), false, Progress.SILENT);
    HubOptions options =
        HubConfigLoader.load(
                null, Map.of("JUKIHUB_DATA_DIR", data.toString(), "JUKIHUB_INSTANCE", "routing"))
            .withFreeLoopbackPorts();
    hub =
        HubServer.start(
            options.withTiers(options.tiers().withNationalBudgetMillis(300)), database, true);
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @Test
  void
      should_answer_national_bodies_from_the_national_tier_and_a_prefecture_from_its_own_for_its_residents()
          throws Exception {
    Subject tokyo = subject("substr(lg_code, 1, 2) = '13'", 0);
    Subject osaka = subject("substr(lg_code, 1, 2) = '27'", 0);

    assertThat(servedBy(lookup("nta", "t1-national-tax", tokyo))).isEqualTo("national");
    assertThat(servedBy(lookup("pref-13", "t5-local-tax", tokyo))).isEqualTo("prefecture");
    assertThat(servedBy(lookup("pref-13", "t3-infectious-diseases", osaka)))
        .as("another prefecture's resident comes from the national tier")
        .isEqualTo("national");
    assertThat(servedBy(lookup("lg-131016", "t2-vaccination", osaka))).isEqualTo("national");
  }

  @Test
  void should_fall_back_to_the_prefecture_tiers_when_the_national_tier_fails_and_say_so()
      throws Exception {
    Subject subject = subject("substr(lg_code, 1, 2) = '01'", 0);
    Subject uncached = subject("substr(lg_code, 1, 2) = '01'", 1);
    JsonObject national = json(lookup("nta", "t1-national-tax", subject));
    double before = fallbacks("failed");
    try (Connection connection = database.dataSource().getConnection();
        Statement sql = connection.createStatement()) {
      sql.execute("ALTER TABLE national.identity RENAME TO identity_unavailable");
      try {
        JsonObject fallback = json(lookup("nta", "t1-national-tax", uncached));
        assertThat(fallback.getString("servedBy")).isEqualTo("prefecture-fallback");
        assertThat(fallback.getString("myNumber")).isEqualTo(uncached.myNumber());
        assertThat(fallback.getJsonObject("address").getString("lgCode"))
            .isEqualTo(uncached.lgCode());

        HttpResponse<String> unknown =
            lookupNumber("nta", "t1-national-tax", MyNumber.fromBase(1).value());
        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
        assertThat(fallbacks("failed")).isGreaterThanOrEqualTo(before + 2);
        assertThat(
                metrics()
                    .lines()
                    .filter(
                        line ->
                            line.startsWith("hub_store_lookups_seconds_count{")
                                && line.contains("result=\"found\"")
                                && line.contains("tier=\"prefecture-fallback\"")))
            .as("the fallback's reads are timed under its tier")
            .isNotEmpty();
        assertThat(json(lookup("nta", "t1-national-tax", subject)))
            .as("a cached national answer still serves while the tier is down")
            .isEqualTo(national);
      } finally {
        sql.execute("ALTER TABLE national.identity_unavailable RENAME TO identity");
      }
    }
  }

  @Test
  void should_fall_back_when_the_national_tier_does_not_answer_within_its_budget()
      throws Exception {
    Subject subject = subject("substr(lg_code, 1, 2) = '40'", 0);
    double before = fallbacks("slow");
    try (Connection locker = database.dataSource().getConnection();
        Statement sql = locker.createStatement()) {
      locker.setAutoCommit(false);
      sql.execute("LOCK TABLE national.identity IN ACCESS EXCLUSIVE MODE");
      long started = System.nanoTime();
      JsonObject answer = json(lookup("nta", "t1-national-tax", subject));
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      locker.rollback();

      assertThat(answer.getString("servedBy")).isEqualTo("prefecture-fallback");
      assertThat(answer.getString("myNumber")).isEqualTo(subject.myNumber());
      assertThat(took)
          .as("the budget is 300 ms; the prefecture answers at once")
          .isLessThan(Duration.ofSeconds(3));
      assertThat(fallbacks("slow")).isEqualTo(before + 1);
    }
  }

  @Test
  void should_find_a_person_by_the_4_info_and_narrow_by_sex_and_address() throws Exception {
    Subject subject = subject("substr(lg_code, 1, 2) = '23'", 0);
    JsonObject query =
        new JsonObject()
            .put("nameKana", subject.nameKana().replace('\u3000', ' '))
            .put("birthDate", subject.birthDate());

    JsonObject found = json(search("nta", "t1-national-tax", query));
    assertThat(found.getString("servedBy")).isEqualTo("national");
    assertThat(myNumbers(found)).contains(subject.myNumber());
    assertThat(found.getBoolean("more")).isFalse();
    assertThat(auditedSubjects(found)).isEqualTo(found.getJsonArray("candidates").size());

    String otherSex = subject.sex().equals("1") ? "female" : "male";
    assertThat(myNumbers(json(search("nta", "t1-national-tax", query.copy().put("sex", otherSex)))))
        .doesNotContain(subject.myNumber());
    JsonObject elsewhere = query.copy().put("address", new JsonObject().put("lgCode", "011002"));
    assertThat(myNumbers(json(search("nta", "t1-national-tax", elsewhere))))
        .doesNotContain(subject.myNumber());
    JsonObject there =
        query.copy().put("address", new JsonObject().put("lgCode", subject.lgCode()));
    assertThat(myNumbers(json(search("nta", "t1-national-tax", there))))
        .contains(subject.myNumber());
  }

  @Test
  void should_search_a_prefectures_own_tier_and_show_only_candidates_in_scope() throws Exception {
    Subject tokyo = subject("substr(lg_code, 1, 2) = '13'", 2);
    JsonObject query =
        new JsonObject().put("nameKana", tokyo.nameKana()).put("birthDate", tokyo.birthDate());
    JsonObject own = json(search("pref-13", "t5-local-tax", query));
    assertThat(own.getString("servedBy")).isEqualTo("prefecture");
    assertThat(myNumbers(own)).contains(tokyo.myNumber());

    JsonObject others = json(search("pref-13", "t3-infectious-diseases", query));
    assertThat(myNumbers(others))
        .as("a Tokyo resident is outside 'other prefectures'")
        .doesNotContain(tokyo.myNumber());
  }

  @Test
  void should_answer_at_most_20_candidates_and_say_there_are_more() throws Exception {
    try (Connection connection = database.dataSource().getConnection();
        Statement sql = connection.createStatement()) {
      sql.execute(
          "INSERT INTO national.identity (person_id, lg_code, resident_code, my_number, name_kanji, name_kana, birth_date,"
              + " sex, address_rest, status, version, updated_at)"
              + " SELECT 900000000000 + i, '131016', lpad((80000000000 + i)::text, 11, '0'), NULL, '同名\u3000太郎',"
              + " 'ドウメイ\u3000タロウ', DATE '1980-04-01', 1, '丸の内' || i, 'current', 1, now() FROM generate_series(1, 25) i");
    }
    JsonObject query = new JsonObject().put("nameKana", "ドウメイ タロウ").put("birthDate", "1980-04-01");
    JsonObject found = json(search("nta", "t1-national-tax", query));
    assertThat(found.getJsonArray("candidates")).hasSize(20);
    assertThat(found.getBoolean("more")).isTrue();
    assertThat(auditedSubjects(found)).as("one audit record per person shown").isEqualTo(20);
  }

  @Test
  void should_refuse_a_malformed_query_naming_the_field() throws Exception {
    assertProblem(
        search(
            "nta",
            "t1-national-tax",
            new JsonObject().put("nameKana", "Tanaka Taro").put("birthDate", "1980-01-01")),
        "query.nameKana");
    assertProblem(
        search("nta", "t1-national-tax", new JsonObject().put("nameKana", "タナカ タロウ")),
        "query.birthDate");
    assertProblem(
        search(
            "nta",
            "t1-national-tax",
            new JsonObject().put("nameKana", "タナカ タロウ").put("birthDate", "1980-02-30")),
        "query.birthDate");
    assertProblem(
        search(
            "nta",
            "t1-national-tax",
            new JsonObject()
                .put("nameKana", "タナカ タロウ")
                .put("birthDate", "1980-01-01")
                .put("sex", "x")),
        "query.sex");
    assertProblem(
        search(
            "nta",
            "t1-national-tax",
            new JsonObject()
                .put("nameKana", "タナカ タロウ")
                .put("birthDate", "1980-01-01")
                .put("age", 3)),
        // An unknown name is counted, never repeated (it might be a number); the allowed are named.
        "query has 1 unknown field(s); allowed: address, birthDate, nameKana, sex");
    HttpResponse<String> byKeyOnly =
        search(
            "lg-131016",
            "t2-elections",
            new JsonObject().put("nameKana", "タナカ タロウ").put("birthDate", "1980-01-01"));
    assertThat(byKeyOnly.statusCode()).as(byKeyOnly.body()).isEqualTo(200);
    HttpResponse<String> notByQuery =
        search(
            "jps",
            "t1-pension-status",
            new JsonObject().put("nameKana", "タナカ タロウ").put("birthDate", "1980-01-01"));
    assertThat(new JsonObject(notByQuery.body()).getString("code"))
        .isEqualTo("AFFAIR_NOT_PERMITTED");
  }

  private static void assertProblem(HttpResponse<String> response, String field) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    JsonObject problem = new JsonObject(response.body());
    assertThat(problem.getString("code")).isEqualTo("INVALID_REQUEST");
    assertThat(problem.getString("detail")).contains(field);
  }

  static Subject subject(String where, int offset) throws Exception {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT person_id, my_number, lg_code, name_kana, birth_date::text, sex::text FROM national.identity WHERE "
                    + where
                    + " AND status = 'current' AND person_id < 900000000000 ORDER BY person_id OFFSET "
                    + offset
                    + " LIMIT 1");
        ResultSet row = select.executeQuery()) {
      row.next();
      return new Subject(
          row.getLong(1),
          row.getString(2),
          row.getString(3),
          row.getString(4),
          row.getString(5),
          row.getString(6));
    }
  }

  private static HttpResponse<String> lookup(String body, String affair, Subject subject)
      throws Exception {
    return lookupNumber(body, affair, subject.myNumber());
  }

  private static HttpResponse<String> lookupNumber(String body, String affair, String myNumber)
      throws Exception {
    return post(body, new JsonObject().put("affair", affair).put("myNumber", myNumber));
  }

  private static HttpResponse<String> search(String body, String affair, JsonObject query)
      throws Exception {
    return post(body, new JsonObject().put("affair", affair).put("query", query));
  }

  private static HttpResponse<String> post(String body, JsonObject request) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + hub.apiPort() + "/v1/identity/lookup"))
            .header("X-Jukihub-Body", body)
            .header("X-Jukihub-Operator", "officer-7")
            .header("X-Request-Id", "routing-" + System.nanoTime())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(request.encode()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject json(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  private static String servedBy(HttpResponse<String> response) {
    return json(response).getString("servedBy");
  }

  private static java.util.List<String> myNumbers(JsonObject answer) {
    JsonArray candidates = answer.getJsonArray("candidates");
    return candidates.stream().map(c -> ((JsonObject) c).getString("myNumber")).toList();
  }

  /** Audit records of the request whose answer this was (the request id of the last search). */
  private static int auditedSubjects(JsonObject answer) throws Exception {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT count(DISTINCT subject) FROM audit.record WHERE request_id = (SELECT request_id FROM audit.record"
                    + " WHERE route = 'identity.lookup' ORDER BY occurred_at DESC, seq DESC LIMIT 1)")) {
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }

  private static String metrics() throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.opsPort() + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static double fallbacks(String reason) throws Exception {
    return metrics()
        .lines()
        .filter(
            line ->
                line.startsWith("hub_identity_fallbacks_total{")
                    && line.contains("reason=\"" + reason + "\""))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }
}
