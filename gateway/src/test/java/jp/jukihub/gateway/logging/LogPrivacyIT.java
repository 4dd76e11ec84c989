package jp.jukihub.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.gateway.HubServer;
import jp.jukihub.gateway.config.HubConfigLoader;
import jp.jukihub.gateway.config.HubOptions;
import jp.jukihub.gateway.testing.LogCapture;
import jp.jukihub.gateway.testing.LogPrivacyExtension;
import jp.jukihub.nation.MunicipalityCatalog;
import jp.jukihub.nation.NationGenerator;
import jp.jukihub.nation.NationLoader;
import jp.jukihub.nation.NationOptions;
import jp.jukihub.number.MyNumber;
import jp.jukihub.number.ResidentCode;
import jp.jukihub.progress.Progress;
import jp.jukihub.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No My Number, resident code, name or address in the hub's logs, metrics or health answers: the
 * hub serves representative traffic over real HTTP (lookups by each key, 4-info searches, NDJSON
 * batches, every municipal flow, bad input with real-looking numbers, unknown numbers, law-table
 * and firewall denials, an internal error whose database message quotes the person), remembering
 * every personal value it sent or was answered, and then none of them may appear in what it logged
 * (before and after {@link LogRedaction}), in {@code /metrics} or in {@code /health/ready}.
 */
class LogPrivacyIT {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final String FAULT_KANA = "フォルト";

  /** Keys whose values are personal data, in requests and answers alike. */
  static final Set<String> PERSONAL_KEYS =
      Set.of(
          "myNumber",
          "residentCode",
          "kanji",
          "kana",
          "nameKana",
          "addressRest",
          "rest",
          "address",
          "headResidentCode");

  @TempDir static Path data;
  static DatabaseTarget database;
  static HubServer hub;
  static int mark;
  static Resident tokyo;
  static Resident elsewhere;
  static final Set<String> personal = ConcurrentHashMap.newKeySet();

  record Resident(
      String myNumber,
      String residentCode,
      String kanji,
      String kana,
      String birthDate,
      String addressRest) {}

  @BeforeAll
  static void start() throws Exception {
    database = TestDatabases.fresh();
    new NationLoader(database, new NationGenerator(MunicipalityCatalog.load(), new byte[32]))
        .load(NationOptions.of(2_000, 23), false, Progress.SILENT);
    tokyo = resident("substr(lg_code, 1, 2) = '13' AND lg_code <> '131016'");
    elsewhere = resident("substr(lg_code, 1, 2) <> '13'");
    installFault();
    mark = LogCapture.mark();
    HubOptions options =
        HubConfigLoader.load(
                null,
                Map.of("JUKIHUB_DATA_DIR", data.toString(), "JUKIHUB_INSTANCE", "log-privacy"))
            .withFreeLoopbackPorts();
    hub = HubServer.start(options, database, true);
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @Test
  void
      should_keep_every_personal_value_out_of_logs_metrics_and_health_when_serving_representative_traffic()
          throws Exception {
    lookups();
    batches();
    registerFlows();
    badInput();
    auditReads();
    assertThat(registerBirth("山口\u3000" + "葵", FAULT_KANA + "\u3000アオイ", "fault-1").statusCode())
        .isEqualTo(500);
    assertThat(personal).as("the traffic used personal values").hasSizeGreaterThan(40);

    List<ILoggingEvent> events = LogCapture.since(mark);
    assertThat(events).as("the hub logged while serving").isNotEmpty();
    LogLineEncoder encoder = new LogLineEncoder();
    for (ILoggingEvent event : events) {
      String raw = LogPrivacyExtension.rawText(event);
      String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
      String decoded =
          new JsonObject(line).encode(); // the same values, whatever escaping the line used
      for (String value : personal) {
        assertThat(raw)
            .as("a log event of %s, before redaction", event.getLoggerName())
            .doesNotContain(value);
        assertThat(line).doesNotContain(value);
        assertThat(decoded).doesNotContain(value);
      }
    }
    assertThat(LogPrivacyExtension.problems(events))
        .as("every event: one JSON line, nothing personal-looking")
        .isEmpty();
    String metrics = ops("/metrics");
    String ready = ops("/health/ready");
    for (String value : personal) {
      assertThat(metrics).as("/metrics").doesNotContain(value);
      assertThat(ready).as("/health/ready").doesNotContain(value);
    }
  }

  @Test
  void should_log_an_internal_error_once_as_json_naming_the_request_but_not_the_person()
      throws Exception {
    int before = LogCapture.mark();
    HttpResponse<String> failed =
        registerBirth("山口\u3000" + "蓮", FAULT_KANA + "\u3000レン", "privacy-fault-7");

    assertThat(failed.statusCode()).as(failed.body()).isEqualTo(500);
    assertThat(new JsonObject(failed.body()).getString("code")).isEqualTo("INTERNAL");
    List<ILoggingEvent> about =
        LogCapture.since(before).stream()
            .filter(
                event ->
                    event.getKeyValuePairs() != null
                        && event.getKeyValuePairs().stream()
                            .anyMatch(pair -> "privacy-fault-7".equals(pair.value)))
            .toList();
    assertThat(about).as("logged once, at the boundary").hasSize(1);
    JsonObject line =
        new JsonObject(
            new String(new LogLineEncoder().encode(about.get(0)), StandardCharsets.UTF_8));
    assertThat(line.getString("level")).isEqualTo("ERROR");
    assertThat(line.getString("logger")).isEqualTo("jp.jukihub.gateway.http.ProblemResponder");
    assertThat(line.getString("message")).isEqualTo("internal error on POST register.register");
    assertThat(line.getString("requestId")).isEqualTo("privacy-fault-7");
    assertThat(line.getString("route")).isEqualTo("register.register");
    assertThat(line.getString("stack"))
        .as("the database's own message, which quoted the person, is not logged")
        .contains("SQL state P0001")
        .doesNotContain("レン")
        .doesNotContain(LogRedaction.MARK);
  }

  @Test
  void should_count_law_table_denials_by_reason_and_table_for_single_lookups_and_batch_lines()
      throws Exception {
    double noRow = denials("affair_not_permitted", "none");
    double badKey = denials("affair_not_permitted", "1");
    double outOfScope = denials("out_of_scope", "5");

    lookup(
        "nta",
        new JsonObject().put("affair", "t1-national-pension").put("myNumber", tokyo.myNumber()),
        403);
    lookup(
        "nta",
        new JsonObject().put("affair", "t1-national-tax").put("residentCode", tokyo.residentCode()),
        403);
    lookup(
        "pref-13",
        new JsonObject().put("affair", "t5-local-tax").put("myNumber", elsewhere.myNumber()),
        403);
    batch(
        "pref-13",
        List.of(
            new JsonObject()
                .put("affair", "t5-local-tax")
                .put("myNumber", elsewhere.myNumber())
                .encode(),
            new JsonObject()
                .put("affair", "t5-local-tax")
                .put("myNumber", MyNumber.fromBase(1).value())
                .encode(),
            new JsonObject()
                .put("affair", "t1-national-pension")
                .put("myNumber", tokyo.myNumber())
                .encode()));

    assertThat(denials("affair_not_permitted", "none")).isEqualTo(noRow + 2);
    assertThat(denials("affair_not_permitted", "1")).isEqualTo(badKey + 1);
    assertThat(denials("out_of_scope", "5"))
        .as("out of scope and unknown alike")
        .isEqualTo(outOfScope + 3);
    assertThat(ops("/metrics"))
        .as(
            "per-route request timers publish histogram buckets, for percentiles summed over instances")
        .containsPattern("hub_requests_seconds_bucket\\{[^}]*route=\"identity.lookup\"");
  }

  // --- the traffic ---------------------------------------------------------------------------

  private static void lookups() throws Exception {
    lookup(
        "jps",
        new JsonObject().put("affair", "t1-national-pension").put("myNumber", elsewhere.myNumber()),
        200);
    lookup(
        "jps",
        new JsonObject()
            .put("affair", "t1-pension-status")
            .put("residentCode", tokyo.residentCode()),
        200);
    JsonObject query =
        new JsonObject().put("nameKana", tokyo.kana()).put("birthDate", tokyo.birthDate());
    JsonObject found =
        lookup("nta", new JsonObject().put("affair", "t1-national-tax").put("query", query), 200);
    assertThat(found.getJsonArray("candidates")).isNotEmpty();
    lookup(
        "pref-13",
        new JsonObject().put("affair", "t5-local-tax").put("myNumber", tokyo.myNumber()),
        200);
    lookup(
        "nta",
        new JsonObject()
            .put("affair", "t1-national-tax")
            .put(
                "query",
                new JsonObject()
                    .put("nameKana", tokyo.kanji())
                    .put("birthDate", tokyo.birthDate())),
        400);
    lookup(
        "nta",
        new JsonObject()
            .put("affair", "t1-national-tax")
            .put(
                "query",
                query
                    .copy()
                    .put(
                        "address",
                        new JsonObject().put("lgCode", "131016").put("rest", tokyo.addressRest()))),
        200);
    lookup(
        "nta",
        new JsonObject().put("affair", "t1-national-tax").put("residentCode", tokyo.residentCode()),
        403);
    lookup(
        "nta",
        new JsonObject().put("affair", "t1-no-such-affair").put("myNumber", tokyo.myNumber()),
        403);
    lookup(
        "pref-13",
        new JsonObject().put("affair", "t5-local-tax").put("myNumber", elsewhere.myNumber()),
        403);
    lookup(
        "jps",
        new JsonObject()
            .put("affair", "t1-national-pension")
            .put("myNumber", mistyped(elsewhere.myNumber())),
        400);
    lookup(
        "jps",
        new JsonObject()
            .put("affair", "t1-national-pension")
            .put("myNumber", MyNumber.fromBase(424_242).value()),
        404);
    lookup(
        "jps",
        new JsonObject()
            .put("affair", "t1-national-pension")
            .put("myNumber", elsewhere.myNumber())
            .put("residentCode", elsewhere.residentCode()),
        400);
    lookup(
        "bank-demo",
        new JsonObject().put("affair", "t1-national-pension").put("myNumber", tokyo.myNumber()),
        403);
  }

  private static void batches() throws Exception {
    List<JsonObject> lines =
        batch(
            "jps",
            List.of(
                new JsonObject()
                    .put("affair", "t1-national-pension")
                    .put("myNumber", tokyo.myNumber())
                    .encode(),
                new JsonObject()
                    .put("affair", "t1-pension-status")
                    .put("residentCode", elsewhere.residentCode())
                    .encode(),
                new JsonObject()
                    .put("affair", "t1-national-pension")
                    .put("myNumber", MyNumber.fromBase(777).value())
                    .encode(),
                "{\"affair\":\"t1-national-pension\",\"myNumber\":\""
                    + tokyo.myNumber()
                    + "\",\"name\":\""
                    + tokyo.kanji()
                    + "\"",
                new JsonObject()
                    .put("affair", "t1-national-pension")
                    .put("myNumber", mistyped(tokyo.myNumber()))
                    .encode(),
                new JsonObject()
                    .put("affair", "t1-no-such-affair")
                    .put("myNumber", elsewhere.myNumber())
                    .encode()));
    assertThat(lines)
        .extracting(line -> line.getInteger("status"))
        .containsExactly(200, 200, 404, 400, 400, 403);
    batch(
        "pref-13",
        List.of(
            new JsonObject()
                .put("affair", "t5-local-tax")
                .put(
                    "query",
                    new JsonObject()
                        .put("nameKana", tokyo.kana())
                        .put("birthDate", tokyo.birthDate()))
                .encode(),
            new JsonObject()
                .put("affair", "t5-local-tax")
                .put("myNumber", elsewhere.myNumber())
                .encode()));
  }

  private static void registerFlows() throws Exception {
    HttpResponse<String> born = registerBirth("橋本\u3000結衣", "ハシモト\u3000ユイ", "privacy-birth-1");
    assertThat(born.statusCode()).as(born.body()).isEqualTo(201);
    String code = new JsonObject(born.body()).getString("residentCode");
    String resident = "/v1/municipalities/131016/residents/" + code;
    send(
        "lg-131016",
        "PATCH",
        resident,
        new JsonObject()
            .put("addressRest", "神田神保町2丁目5番")
            .put("reason", "転居")
            .put("effectiveOn", "2024-09-01"),
        null,
        200);
    send(
        "lg-131016",
        "PATCH",
        resident,
        new JsonObject()
            .put("name", new JsonObject().put("kanji", "橋本\u3000結依").put("kana", "ハシモト\u3000ユイ"))
            .put("reason", "誤記修正")
            .put("effectiveOn", "2024-09-02"),
        null,
        200);
    send("lg-131016", "GET", resident + "/history", null, null, 200);
    JsonObject certificate =
        send(
            "lg-131016",
            "POST",
            "/v1/municipalities/131016/move-outs",
            new JsonObject()
                .put("residentCode", code)
                .put("plannedOn", "2024-10-01")
                .put(
                    "destination",
                    new JsonObject().put("lgCode", "272035").put("address", "大阪府豊中市中桜塚3丁目1番1号")),
            key(),
            201);
    send(
        "lg-272035",
        "POST",
        "/v1/municipalities/272035/move-ins",
        new JsonObject()
            .put("certificateNumber", certificate.getString("certificateNumber"))
            .put("residentCode", code)
            .put("movedInOn", "2024-10-02")
            .put("addressRest", "中桜塚3丁目1番1号"),
        key(),
        201);

    HttpResponse<String> second = registerBirth("橋本\u3000陽翔", "ハシモト\u3000ハルト", "privacy-birth-2");
    String other =
        "/v1/municipalities/131016/residents/"
            + new JsonObject(second.body()).getString("residentCode");
    send(
        "lg-131016",
        "POST",
        other + "/my-number-change",
        new JsonObject().put("reason", "漏えいにより不正に用いられるおそれ"),
        key(),
        200);
    send(
        "lg-131016",
        "POST",
        other + "/death",
        new JsonObject().put("diedOn", "2024-11-01"),
        key(),
        200);
    send(
        "lg-131016",
        "POST",
        other + "/death",
        new JsonObject().put("diedOn", "2024-11-02"),
        key(),
        409);
  }

  private static void badInput() throws Exception {
    String chiyoda = "/v1/municipalities/131016";
    send(
        "lg-131016",
        "POST",
        chiyoda + "/residents",
        birth("加藤\u3000太一", "カトウ\u3000タイチ", "2023-02-30"),
        key(),
        400);
    send(
        "lg-131016",
        "POST",
        chiyoda + "/residents",
        birth("加藤\u3000太一", "katou taichi", "2024-01-01"),
        key(),
        400);
    sendRaw(
        "lg-131016",
        "POST",
        chiyoda + "/residents",
        "{\"event\":\"birth\",\"name\":{\"kanji\":\"加藤\u3000太一\",\"kana\":\"カトウ\u3000タイチ\"",
        "application/json",
        400);
    remember("加藤\u3000太一");
    remember("カトウ\u3000タイチ");
    String unknownCode = ResidentCode.fromBase(7_654_321).value();
    remember(unknownCode);
    send(
        "lg-131016",
        "POST",
        chiyoda + "/residents/" + mistyped(tokyo.residentCode()) + "/death",
        new JsonObject().put("diedOn", "2024-01-01"),
        key(),
        400);
    send(
        "lg-131016",
        "POST",
        chiyoda + "/residents/" + unknownCode + "/death",
        new JsonObject().put("diedOn", "2024-01-01"),
        key(),
        404);
    send(
        "lg-131130",
        "POST",
        chiyoda + "/residents",
        birth("加藤\u3000花", "カトウ\u3000ハナ", "2024-01-01"),
        key(),
        403);
    send(
        "lg-131016",
        "POST",
        chiyoda + "/residents",
        birth("加藤\u3000花", "カトウ\u3000ハナ", "2024-01-01")
            .put(
                "household",
                new JsonObject().put("headResidentCode", unknownCode).put("relationship", "子")),
        key(),
        422);
    send(
        "lg-131016",
        "POST",
        chiyoda + "/move-outs",
        new JsonObject()
            .put("residentCode", unknownCode)
            .put("plannedOn", "2024-01-01")
            .put("destination", new JsonObject().put("address", "海外 ロンドン\u0000")),
        key(),
        400);
    send(
        "lg-272035",
        "POST",
        "/v1/municipalities/272035/move-ins",
        new JsonObject()
            .put("certificateNumber", "0123456789abcdef01234567")
            .put("residentCode", unknownCode)
            .put("movedInOn", "2024-05-02")
            .put("addressRest", "中桜塚1番"),
        key(),
        422);
  }

  private static void auditReads() throws Exception {
    send("auditor", "GET", "/v1/audit/subjects/" + tokyo.myNumber() + "/accesses", null, null, 200);
    send(
        "auditor",
        "GET",
        "/v1/audit/subjects/" + mistyped(tokyo.myNumber()) + "/accesses",
        null,
        null,
        400);
    send("jps", "GET", "/v1/audit/subjects/" + elsewhere.myNumber() + "/accesses", null, null, 403);
    send("auditor", "GET", "/v1/audit/records?limit=50", null, null, 200);
  }

  // --- helpers -------------------------------------------------------------------------------

  static Resident resident(String where) throws Exception {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT my_number, resident_code, name_kanji, name_kana, birth_date::text, address_rest FROM national.identity"
                    + " WHERE status = 'current' AND "
                    + where
                    + " ORDER BY person_id LIMIT 1");
        ResultSet row = select.executeQuery()) {
      row.next();
      Resident resident =
          new Resident(
              row.getString(1),
              row.getString(2),
              row.getString(3),
              row.getString(4),
              row.getString(5),
              row.getString(6));
      List.of(
              resident.myNumber(),
              resident.residentCode(),
              resident.kanji(),
              resident.kana(),
              resident.addressRest())
          .forEach(LogPrivacyIT::remember);
      return resident;
    }
  }

  /**
   * A birth whose name starts with {@value #FAULT_KANA} fails in the database with a message that
   * quotes the person, as a bug in a statement might: the hub must answer 500 and log without it.
   */
  static void installFault() throws Exception {
    try (Connection connection = database.dataSource().getConnection();
        Statement sql = connection.createStatement()) {
      sql.execute(
          "CREATE FUNCTION municipal.privacy_fault() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
              + " IF NEW.name_kana LIKE '"
              + FAULT_KANA
              + "%' THEN"
              + " RAISE EXCEPTION 'refused % (%) at %, codes % %', NEW.name_kanji, NEW.name_kana, NEW.address_rest,"
              + " NEW.resident_code, NEW.my_number; END IF; RETURN NEW; END $$");
      sql.execute(
          "CREATE TRIGGER privacy_fault BEFORE INSERT ON municipal.resident FOR EACH ROW EXECUTE FUNCTION municipal.privacy_fault()");
    }
  }

  static HttpResponse<String> registerBirth(String kanji, String kana, String requestId)
      throws Exception {
    JsonObject body = birth(kanji, kana, "2024-04-01");
    HttpResponse<String> response =
        exchange(
            "lg-131016",
            "POST",
            "/v1/municipalities/131016/residents",
            body.encode(),
            "application/json",
            requestId,
            key());
    remember(body);
    rememberJson(response.body());
    return response;
  }

  static JsonObject birth(String kanji, String kana, String birthDate) {
    return new JsonObject()
        .put("event", "birth")
        .put("name", new JsonObject().put("kanji", kanji).put("kana", kana))
        .put("birthDate", birthDate)
        .put("sex", "female")
        .put("addressRest", "一番町4番地");
  }

  static JsonObject lookup(String body, JsonObject request, int status) throws Exception {
    return send(body, "POST", "/v1/identity/lookup", request, null, status);
  }

  static List<JsonObject> batch(String body, List<String> lines) throws Exception {
    String ndjson = String.join("\n", lines) + "\n";
    HttpResponse<String> response =
        exchange(
            body,
            "POST",
            "/v1/identity/lookup:batch",
            ndjson,
            "application/x-ndjson",
            "privacy-batch-" + UUID.randomUUID(),
            null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    lines.forEach(LogPrivacyIT::rememberJson);
    List<JsonObject> answers = response.body().lines().map(JsonObject::new).toList();
    answers.forEach(LogPrivacyIT::remember);
    return answers;
  }

  static JsonObject send(
      String body, String method, String path, JsonObject json, String idempotencyKey, int status)
      throws Exception {
    HttpResponse<String> response =
        exchange(
            body,
            method,
            path,
            json == null ? null : json.encode(),
            "application/json",
            "privacy-" + UUID.randomUUID(),
            idempotencyKey);
    if (json != null) {
      remember(json);
    }
    rememberJson(response.body());
    assertThat(response.statusCode())
        .as(method + " " + path + ": " + response.body())
        .isEqualTo(status);
    return response.body().isEmpty() ? new JsonObject() : new JsonObject(response.body());
  }

  static void sendRaw(
      String body, String method, String path, String text, String contentType, int status)
      throws Exception {
    HttpResponse<String> response =
        exchange(body, method, path, text, contentType, "privacy-" + UUID.randomUUID(), key());
    rememberJson(response.body());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
  }

  static HttpResponse<String> exchange(
      String body,
      String method,
      String path,
      String text,
      String contentType,
      String requestId,
      String idempotencyKey)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.apiPort() + path))
            .header("X-Jukihub-Body", body)
            .header("X-Jukihub-Operator", "officer-1")
            .header("X-Request-Id", requestId)
            .method(
                method,
                text == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(text));
    if (text != null) {
      request.header("Content-Type", contentType);
    }
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String key() {
    return UUID.randomUUID().toString();
  }

  static String ops(String path) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.opsPort() + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  static double denials(String reason, String table) throws Exception {
    Pattern line =
        Pattern.compile(
            "hub_law_denials_total\\{[^}]*reason=\""
                + reason
                + "\"[^}]*table=\""
                + table
                + "\"[^}]*} (\\S+)");
    return ops("/metrics")
        .lines()
        .map(line::matcher)
        .filter(java.util.regex.Matcher::matches)
        .mapToDouble(m -> Double.parseDouble(m.group(1)))
        .sum();
  }

  /**
   * The same digits with the last one changed: a real-looking number that fails its check digit.
   */
  static String mistyped(String number) {
    char last = number.charAt(number.length() - 1);
    String typo =
        number.substring(0, number.length() - 1) + (last == '9' ? '0' : (char) (last + 1));
    remember(typo);
    return typo;
  }

  /**
   * Remembers every personal value in a JSON text (an answer, a problem, an NDJSON line); ignores
   * what is not JSON.
   */
  static void rememberJson(String text) {
    if (text == null || text.isBlank()) {
      return;
    }
    try {
      if (io.vertx.core.json.Json.decodeValue(text) instanceof JsonObject object) {
        remember(object);
      }
    } catch (io.vertx.core.json.DecodeException e) {
      // A line sent broken on purpose: its values were remembered when it was written.
    }
  }

  static void remember(JsonObject json) {
    json.forEach(
        entry -> {
          if (PERSONAL_KEYS.contains(entry.getKey()) && entry.getValue() instanceof String value) {
            rememberValue(value);
          } else {
            rememberNested(entry.getValue());
          }
        });
  }

  private static void rememberNested(Object value) {
    if (value instanceof JsonObject object) {
      remember(object);
    } else if (value instanceof JsonArray array) {
      array.forEach(LogPrivacyIT::rememberNested);
    }
  }

  static void remember(String value) {
    rememberValue(value);
  }

  private static void rememberValue(Object value) {
    if (!(value instanceof String text) || text.isBlank()) {
      return;
    }
    personal.add(text);
    // A log line might hold a surname or given name alone.
    for (String part : text.split("[\\s\u3000]+")) {
      if (part.length() >= 2
          || (!part.isEmpty()
              && Character.UnicodeScript.of(part.codePointAt(0)) == Character.UnicodeScript.HAN)) {
        personal.add(part);
      }
    }
  }
}
