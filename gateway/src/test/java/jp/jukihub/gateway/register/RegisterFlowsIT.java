package jp.jukihub.gateway.register;

import static jp.jukihub.gateway.register.RegisterClient.awaitNational;
import static jp.jukihub.gateway.register.RegisterClient.birth;
import static jp.jukihub.testing.TestDatabases.scalar;
import static jp.jukihub.testing.TestDatabases.scalarInt;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.gateway.HubServer;
import jp.jukihub.gateway.config.HubConfigLoader;
import jp.jukihub.gateway.config.HubOptions;
import jp.jukihub.gateway.register.RegisterClient.Reply;
import jp.jukihub.number.MyNumber;
import jp.jukihub.number.ResidentCode;
import jp.jukihub.testing.TestDatabases;
import jp.jukihub.tiers.IdentityInvalidations.Invalidation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every municipal flow end to end: over real HTTP into a real PostgreSQL, then up the tiers by the
 * shipper, checked in the prefecture and national tiers themselves.
 */
class RegisterFlowsIT {
  static final String CHIYODA = "lg-131016";
  static final String SHIBUYA = "lg-131130";
  static final String TOYONAKA = "lg-272035";
  static final String AT_CHIYODA = "/v1/municipalities/131016";
  static final String AT_TOYONAKA = "/v1/municipalities/272035";

  @TempDir static Path data;
  static DatabaseTarget database;
  static HubServer hub;
  static RegisterClient client;
  static final List<Invalidation> invalidations = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    database = TestDatabases.fresh();
    hub = HubServer.start(options(data, "register-flows"), database, true);
    hub.invalidations().onInvalidation(invalidations::add);
    client = new RegisterClient(hub.apiPort());
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

  static JsonObject registerBirth(String kanji, String kana) throws Exception {
    Reply reply =
        client.post(CHIYODA, AT_CHIYODA + "/residents", birth(kanji, kana, "2024-04-01", "female"));
    assertThat(reply.status()).as(reply.json().encode()).isEqualTo(201);
    return reply.json();
  }

  @Test
  void should_register_a_birth_with_a_new_resident_code_and_my_number_and_carry_it_up_the_tiers()
      throws Exception {
    JsonObject resident = registerBirth("山田\u3000花子", "ヤマダ\u3000ハナコ");

    String code = resident.getString("residentCode");
    ResidentCode.of(code); // a valid resident code, check digit included
    MyNumber.of(resident.getString("myNumber"));
    assertThat(resident.getString("status")).isEqualTo("current");
    assertThat(resident.getJsonObject("address").getString("municipality")).isEqualTo("千代田区");
    assertThat(resident.getString("registeredOn")).isEqualTo("2024-04-01");

    awaitNational(database, code, 1);
    assertThat(
            scalar(
                database, "SELECT my_number FROM national.identity WHERE resident_code = ?", code))
        .isEqualTo(resident.getString("myNumber"));
    assertThat(
            scalar(
                database,
                "SELECT status FROM prefecture.identity WHERE pref_code = '13' AND resident_code = ?",
                code))
        .isEqualTo("current");
    assertThat(
            scalar(
                database,
                "SELECT change_kind FROM national.identity WHERE resident_code = ?",
                code))
        .isEqualTo("registered");
    long personId =
        ((Number)
                scalar(
                    database,
                    "SELECT person_id FROM national.identity WHERE resident_code = ?",
                    code))
            .longValue();
    assertThat(invalidations)
        .anySatisfy(
            i -> {
              assertThat(i.tier()).isEqualTo("national");
              assertThat(i.personIds()).contains(personId);
            });
    // The write was audited with its subject and the service right that allowed it.
    assertThat(
            scalarInt(
                database,
                "SELECT count(*) FROM audit.record WHERE route = 'register.register' AND subject = ?"
                    + " AND affair = 'register.own-residents'",
                personId))
        .isEqualTo(1);
  }

  @Test
  void should_move_a_resident_to_another_prefecture_keeping_resident_code_and_my_number()
      throws Exception {
    JsonObject resident = registerBirth("佐藤\u3000一郎", "サトウ\u3000イチロウ");
    String code = resident.getString("residentCode");

    Reply moveOut = client.moveOut(CHIYODA, AT_CHIYODA, code, "272035", "大阪府豊中市中桜塚3丁目1番1号");
    assertThat(moveOut.status()).as(moveOut.json().encode()).isEqualTo(201);
    JsonObject certificate = moveOut.json();
    assertThat(certificate.getString("residentCode")).isEqualTo(code);
    assertThat(certificate.getString("myNumber")).isEqualTo(resident.getString("myNumber"));
    assertThat(certificate.getJsonObject("name").getString("kanji")).isEqualTo("佐藤\u3000一郎");
    assertThat(certificate.getJsonObject("destination").getString("lgCode")).isEqualTo("272035");

    Reply moveIn = client.moveIn(TOYONAKA, AT_TOYONAKA, certificate, "中桜塚3丁目1番1号");
    assertThat(moveIn.status()).as(moveIn.json().encode()).isEqualTo(201);
    assertThat(moveIn.json().getString("residentCode")).isEqualTo(code);
    assertThat(moveIn.json().getString("myNumber")).isEqualTo(resident.getString("myNumber"));
    assertThat(moveIn.json().getJsonObject("address").getString("prefecture")).isEqualTo("大阪府");

    // The former municipality received the transfer notice and closed its record.
    Reply history = client.get(CHIYODA, AT_CHIYODA + "/residents/" + code + "/history");
    JsonObject former = history.json().getJsonArray("records").getJsonObject(0);
    assertThat(former.getString("status")).isEqualTo("moved_out");
    assertThat(kinds(former))
        .containsExactly("registered", "my_number_assigned", "moved_out", "transfer_noticed");

    // The same certificate cannot be used twice.
    Reply again =
        client.post(
            TOYONAKA,
            AT_TOYONAKA + "/move-ins",
            new JsonObject()
                .put("certificateNumber", certificate.getString("certificateNumber"))
                .put("residentCode", code)
                .put("movedInOn", "2024-05-02")
                .put("addressRest", "別の住所1番")
                .encode());
    assertThat(again.status()).isEqualTo(422);
    assertThat(again.json().getString("code")).isEqualTo("CERTIFICATE_INVALID");

    awaitNational(database, code, 3);
    assertThat(
            scalar(database, "SELECT lg_code FROM national.identity WHERE resident_code = ?", code))
        .isEqualTo("272035");
    assertThat(
            scalar(
                database,
                "SELECT status FROM prefecture.identity WHERE pref_code = '13' AND resident_code = ?",
                code))
        .isEqualTo("moved_out");
    assertThat(
            scalar(
                database,
                "SELECT status FROM prefecture.identity WHERE pref_code = '27' AND resident_code = ?",
                code))
        .isEqualTo("current");
  }

  @Test
  void should_correct_a_name_with_its_reason_and_keep_the_previous_one_in_history()
      throws Exception {
    String code = registerBirth("鈴木\u3000次郎", "スズキ\u3000ジロウ").getString("residentCode");

    Reply corrected =
        client.send(
            CHIYODA,
            "PATCH",
            AT_CHIYODA + "/residents/" + code,
            new JsonObject()
                .put(
                    "name", new JsonObject().put("kanji", "鈴木\u3000二郎").put("kana", "スズキ\u3000ジロウ"))
                .put("reason", "誤記修正")
                .put("effectiveOn", "2024-06-01")
                .encode(),
            null);
    assertThat(corrected.status()).as(corrected.json().encode()).isEqualTo(200);
    assertThat(corrected.json().getJsonObject("name").getString("kanji")).isEqualTo("鈴木\u3000二郎");

    JsonObject record =
        client
            .get(CHIYODA, AT_CHIYODA + "/residents/" + code + "/history")
            .json()
            .getJsonArray("records")
            .getJsonObject(0);
    JsonObject change = changes(record).get(2);
    assertThat(change.getString("kind")).isEqualTo("corrected");
    assertThat(change.getJsonArray("fields")).containsExactly("name");
    assertThat(change.getString("reason")).isEqualTo("誤記修正");
    assertThat(change.getString("effectiveOn")).isEqualTo("2024-06-01");
    assertThat(change.getJsonObject("previous").getJsonObject("name").getString("kanji"))
        .isEqualTo("鈴木\u3000次郎");

    awaitNational(database, code, 2);
    assertThat(
            scalar(
                database, "SELECT name_kanji FROM national.identity WHERE resident_code = ?", code))
        .isEqualTo("鈴木\u3000二郎");
    assertThat(
            scalar(
                database,
                "SELECT change_reason FROM national.identity WHERE resident_code = ?",
                code))
        .isEqualTo("誤記修正");

    Reply nothing =
        client.send(
            CHIYODA,
            "PATCH",
            AT_CHIYODA + "/residents/" + code,
            new JsonObject()
                .put("sex", "female")
                .put("reason", "確認")
                .put("effectiveOn", "2024-06-02")
                .encode(),
            null);
    assertThat(nothing.status()).isEqualTo(400);
  }

  @Test
  void should_record_a_death_once_and_refuse_any_change_to_the_closed_record() throws Exception {
    String code = registerBirth("高橋\u3000三郎", "タカハシ\u3000サブロウ").getString("residentCode");
    String path = AT_CHIYODA + "/residents/" + code;

    Reply died =
        client.post(
            CHIYODA, path + "/death", new JsonObject().put("diedOn", "2024-07-01").encode());
    assertThat(died.status()).as(died.json().encode()).isEqualTo(200);
    assertThat(died.json().getString("status")).isEqualTo("deceased");

    Reply twice =
        client.post(
            CHIYODA, path + "/death", new JsonObject().put("diedOn", "2024-07-02").encode());
    assertThat(twice.status()).isEqualTo(409);
    assertThat(twice.json().getString("code")).isEqualTo("RECORD_CLOSED");
    assertThat(twice.contentType()).startsWith("application/problem+json");
    Reply correction =
        client.send(
            CHIYODA,
            "PATCH",
            path,
            new JsonObject()
                .put("addressRest", "別の住所1番")
                .put("reason", "転居")
                .put("effectiveOn", "2024-07-03")
                .encode(),
            null);
    assertThat(correction.status()).isEqualTo(409);

    awaitNational(database, code, 2);
    assertThat(
            scalar(database, "SELECT status FROM national.identity WHERE resident_code = ?", code))
        .isEqualTo("deceased");
    assertThat(
            scalarInt(
                database,
                "SELECT count(*) FROM national.identity_change c JOIN national.identity i USING (person_id) WHERE i.resident_code = ?",
                code))
        .as("one change event per change: the birth and the death")
        .isEqualTo(2);
  }

  @Test
  void should_issue_a_new_my_number_whose_predecessor_no_longer_resolves() throws Exception {
    JsonObject resident = registerBirth("田中\u3000四郎", "タナカ\u3000シロウ");
    String code = resident.getString("residentCode");
    String old = resident.getString("myNumber");

    Reply changed =
        client.post(
            CHIYODA,
            AT_CHIYODA + "/residents/" + code + "/my-number-change",
            new JsonObject().put("reason", "漏えいにより不正に用いられるおそれ").encode());
    assertThat(changed.status()).as(changed.json().encode()).isEqualTo(200);
    String renewed = changed.json().getString("myNumber");
    MyNumber.of(renewed);
    assertThat(renewed).isNotEqualTo(old);

    JsonObject record =
        client
            .get(CHIYODA, AT_CHIYODA + "/residents/" + code + "/history")
            .json()
            .getJsonArray("records")
            .getJsonObject(0);
    JsonObject change = changes(record).get(2);
    assertThat(change.getString("kind")).isEqualTo("my_number_changed");
    assertThat(change.getJsonObject("previous").getString("myNumber")).isEqualTo(old);

    awaitNational(database, code, 2);
    assertThat(
            scalar(
                database, "SELECT my_number FROM national.identity WHERE resident_code = ?", code))
        .isEqualTo(renewed);
    assertThat(
            scalarInt(database, "SELECT count(*) FROM national.identity WHERE my_number = ?", old))
        .isZero();
    assertThat(
            scalar(
                database,
                "SELECT retired_at IS NOT NULL FROM national.issued_number WHERE my_number = ?",
                old))
        .isEqualTo(true);
  }

  @Test
  void should_answer_a_retry_with_the_first_answer_and_write_nothing_more() throws Exception {
    String body = birth("伊藤\u3000五郎", "イトウ\u3000ゴロウ", "2024-03-03", "male");
    Reply first = client.send(CHIYODA, "POST", AT_CHIYODA + "/residents", body, "birth-0042");
    Reply retry = client.send(CHIYODA, "POST", AT_CHIYODA + "/residents", body, "birth-0042");

    assertThat(first.status()).isEqualTo(201);
    assertThat(retry.status()).isEqualTo(201);
    assertThat(retry.json()).isEqualTo(first.json());
    assertThat(
            scalarInt(
                database,
                "SELECT count(*) FROM municipal.resident WHERE name_kana = 'イトウ\u3000ゴロウ'"))
        .isEqualTo(1);

    Reply reused =
        client.send(
            CHIYODA,
            "POST",
            AT_CHIYODA + "/residents",
            birth("伊藤\u3000六郎", "イトウ\u3000ロクロウ", "2024-03-03", "male"),
            "birth-0042");
    assertThat(reused.status()).isEqualTo(422);
    assertThat(reused.json().getString("code")).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    assertThat(
            scalarInt(
                database,
                "SELECT count(*) FROM municipal.resident WHERE name_kana = 'イトウ\u3000ロクロウ'"))
        .isZero();
  }

  @Test
  void should_serve_a_municipality_only_its_own_register() throws Exception {
    String body = birth("渡辺\u3000七子", "ワタナベ\u3000ナナコ", "2024-01-01", "female");
    Reply otherMunicipality = client.post(SHIBUYA, AT_CHIYODA + "/residents", body);
    Reply nationalBody = client.post("jps", AT_CHIYODA + "/residents", body);

    assertThat(otherMunicipality.status()).isEqualTo(403);
    assertThat(otherMunicipality.json().getString("code")).isEqualTo("NOT_PERMITTED");
    assertThat(
            scalarInt(
                database,
                "SELECT count(*) FROM audit.record WHERE route = 'register.register'"
                    + " AND body_id = ? AND outcome = 'NOT_PERMITTED'"
                    + " AND affair = 'register.own-residents'",
                SHIBUYA))
        .as("the refusal is recorded under the row that refused it")
        .isEqualTo(1);
    assertThat(nationalBody.status()).isEqualTo(403);
    assertThat(nationalBody.json().getString("code"))
        .as("no firewall rule lets a national body in")
        .isEqualTo("FIREWALL_DENIED");
    assertThat(
            scalarInt(
                database,
                "SELECT count(*) FROM municipal.resident WHERE name_kana = 'ワタナベ\u3000ナナコ'"))
        .isZero();
  }

  @Test
  void should_refuse_bad_input_with_a_stable_code_and_write_nothing() throws Exception {
    int residents = scalarInt(database, "SELECT count(*) FROM municipal.resident");
    int changes = scalarInt(database, "SELECT count(*) FROM municipal.change");
    int numbers = scalarInt(database, "SELECT count(*) FROM national.issued_number");
    String unknownCode = ResidentCode.fromBase(1234567).value();

    assertProblem(
        client.post(
            CHIYODA, "/v1/municipalities/13101/residents", birth("a", "ア", "2024-01-01", "male")),
        400,
        "INVALID_LG_CODE");
    assertProblem(
        client.post(
            CHIYODA,
            AT_CHIYODA + "/residents",
            birth("山田\u3000太郎", "ヤマダ\u3000タロウ", "2023-02-30", "male")),
        400,
        "INVALID_PERSON");
    assertProblem(
        client.post(
            CHIYODA,
            AT_CHIYODA + "/residents",
            birth("山田\u3000太郎", "ヤマダ\u3000タロウ", "2999-01-01", "male")),
        400,
        "INVALID_PERSON");
    assertProblem(
        client.post(
            CHIYODA,
            AT_CHIYODA + "/residents",
            birth("山田\u3000太郎", "yamada", "2024-01-01", "male")),
        400,
        "INVALID_PERSON");
    assertProblem(
        client.post(CHIYODA, AT_CHIYODA + "/residents", "{\"event\":\"birth\",\"extra\":1}"),
        400,
        "INVALID_REQUEST");
    assertProblem(
        client.post(CHIYODA, AT_CHIYODA + "/residents", "not json"), 400, "INVALID_REQUEST");
    assertProblem(
        client.post(
            CHIYODA, AT_CHIYODA + "/residents/12345678901/death", "{\"diedOn\":\"2024-01-01\"}"),
        400,
        "INVALID_RESIDENT_CODE");
    assertProblem(
        client.post(
            CHIYODA,
            AT_CHIYODA + "/residents/" + unknownCode + "/death",
            "{\"diedOn\":\"2024-01-01\"}"),
        404,
        "RESIDENT_NOT_FOUND");
    assertProblem(
        client.post(
            TOYONAKA,
            AT_TOYONAKA + "/move-ins",
            new JsonObject()
                .put("certificateNumber", "0123456789abcdef01234567")
                .put("residentCode", unknownCode)
                .put("movedInOn", "2024-05-02")
                .put("addressRest", "中桜塚1番")
                .encode()),
        422,
        "CERTIFICATE_INVALID");
    assertProblem(
        client.post(
            CHIYODA,
            AT_CHIYODA + "/residents",
            new JsonObject(birth("山田\u3000太郎", "ヤマダ\u3000タロウ", "2024-01-01", "male"))
                .put(
                    "household",
                    new JsonObject().put("headResidentCode", unknownCode).put("relationship", "子"))
                .encode()),
        422,
        "HOUSEHOLD_NOT_FOUND");

    assertThat(scalarInt(database, "SELECT count(*) FROM municipal.resident")).isEqualTo(residents);
    assertProblem(
        client.send(
            CHIYODA,
            "POST",
            AT_CHIYODA + "/residents",
            birth("山田\u3000太郎", "ヤマダ\u3000タロウ", "2024-01-01", "male"),
            null),
        400,
        "INVALID_REQUEST");
    assertProblem(client.post(CHIYODA, AT_CHIYODA + "/residents", "null"), 400, "INVALID_REQUEST");
    assertProblem(
        client.post(
            CHIYODA,
            AT_CHIYODA + "/move-outs",
            new JsonObject()
                .put("residentCode", unknownCode)
                .put("plannedOn", "2999-01-01")
                .put("destination", new JsonObject().put("address", "海外"))
                .encode()),
        400,
        "INVALID_REQUEST");
    assertProblem(
        client.post(
            CHIYODA,
            AT_CHIYODA + "/move-outs",
            new JsonObject()
                .put("residentCode", unknownCode)
                .put("plannedOn", "2024-01-01")
                .put("destination", new JsonObject().put("address", "海外\u0000"))
                .encode()),
        400,
        "INVALID_REQUEST");

    assertThat(scalarInt(database, "SELECT count(*) FROM municipal.change")).isEqualTo(changes);
    assertThat(scalarInt(database, "SELECT count(*) FROM national.issued_number"))
        .isEqualTo(numbers);
  }

  private static void assertProblem(Reply reply, int status, String code) {
    assertThat(reply.status()).as(reply.json().encode()).isEqualTo(status);
    assertThat(reply.contentType()).startsWith("application/problem+json");
    assertThat(reply.json().getString("code")).isEqualTo(code);
  }

  static List<JsonObject> changes(JsonObject record) {
    JsonArray changes = record.getJsonArray("changes");
    return changes.stream().map(JsonObject.class::cast).collect(Collectors.toList());
  }

  static List<String> kinds(JsonObject record) {
    return changes(record).stream().map(c -> c.getString("kind")).collect(Collectors.toList());
  }
}
