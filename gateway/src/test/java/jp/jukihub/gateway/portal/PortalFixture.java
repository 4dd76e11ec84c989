package jp.jukihub.gateway.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.gateway.HubServer;
import jp.jukihub.testing.Eventually;
import jp.jukihub.testing.TestDatabases;

/**
 * The bodies' side of the portal's tests, over the real API: Chiyoda registers births and issues
 * cards, the tax agency looks people up, Chiyoda and Shibuya exchange a person's local-tax income.
 */
final class PortalFixture {
  static final String CHIYODA = "lg-131016";
  static final String SHIBUYA = "lg-131130";
  static final String AT_CHIYODA = "/v1/municipalities/131016";
  static final String TAX =
      "{\"fiscalYear\":2025,\"taxableIncome\":4200000,\"municipalTax\":252000,"
          + "\"prefecturalTax\":168000,\"incomeCategory\":\"01\",\"taxStatus\":\"1\"}";
  private static final HttpClient API = HttpClient.newHttpClient();

  /** A resident with a card: the issuance's answer holds both certificates and bundles. */
  record Resident(
      String residentCode, String myNumber, long personId, Card card, JsonObject issued) {}

  private final HubServer hub;
  private final DatabaseTarget database;

  PortalFixture(HubServer hub, DatabaseTarget database) {
    this.hub = hub;
    this.database = database;
  }

  HttpResponse<String> exchangeAbout(
      Resident person, String acquisition, String chiyodaUan, String shibuyaUan) throws Exception {
    assertThat(acquire(CHIYODA, acquisition, person, chiyodaUan).statusCode()).isEqualTo(200);
    assertThat(acquire(SHIBUYA, acquisition + "-S", person, shibuyaUan).statusCode())
        .isEqualTo(200);
    HttpResponse<String> copy =
        api(SHIBUYA, "PUT", "/v1/provision/copies/local-tax-income/" + shibuyaUan, TAX, null);
    assertThat(copy.statusCode()).as(copy.body()).isEqualTo(200);
    return api(
        CHIYODA,
        "POST",
        "/v1/provision/queries",
        new JsonObject()
            .put("affair", "x2-074-child-allowance")
            .put("item", "local-tax-income")
            .put("provider", SHIBUYA)
            .put("unifiedAddressNumber", chiyodaUan)
            .encode(),
        null);
  }

  HttpResponse<String> acquire(String body, String acquisition, Resident person, String uan)
      throws Exception {
    return api(
        body,
        "POST",
        "/v1/provision/tokens",
        new JsonObject()
            .put("acquisitionNumber", acquisition)
            .put("myNumber", person.myNumber())
            .put("unifiedAddressNumber", uan)
            .encode(),
        null);
  }

  HttpResponse<String> lookUp(String myNumber) throws Exception {
    return api(
        "nta",
        "POST",
        "/v1/identity/lookup",
        new JsonObject().put("affair", "t1-national-tax").put("myNumber", myNumber).encode(),
        null);
  }

  Resident withCard(String residentCode, String authPin) throws Exception {
    HttpResponse<String> issued =
        api(
            CHIYODA,
            "POST",
            AT_CHIYODA + "/residents/" + residentCode + "/certificates",
            new JsonObject().put("signPin", "demo-sign-ABC123").put("authPin", authPin).encode(),
            null);
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
    JsonObject card = new JsonObject(issued.body());
    JsonObject auth = card.getJsonObject("auth");
    return new Resident(
        residentCode,
        myNumberOf(residentCode),
        ((Number)
                TestDatabases.scalar(
                    database,
                    "SELECT person_id FROM national.identity WHERE resident_code = ?",
                    residentCode))
            .longValue(),
        Card.open(auth.getString("serial"), auth.getString("pkcs12"), authPin),
        card);
  }

  String born(String kanji, String kana, String birthDate, String sex) throws Exception {
    String birth =
        new JsonObject()
            .put("event", "birth")
            .put("name", new JsonObject().put("kanji", kanji).put("kana", kana))
            .put("birthDate", birthDate)
            .put("sex", sex)
            .put("addressRest", "千代田1丁目1番1号")
            .encode();
    HttpResponse<String> registered =
        api(CHIYODA, "POST", AT_CHIYODA + "/residents", birth, UUID.randomUUID().toString());
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    String code = new JsonObject(registered.body()).getString("residentCode");
    Eventually.until(
        Duration.ofSeconds(30),
        "the newborn at the national tier, with a My Number",
        () -> myNumberOf(code) != null);
    return code;
  }

  String myNumberOf(String residentCode) throws Exception {
    Object number =
        TestDatabases.scalar(
            database,
            "SELECT my_number FROM national.identity WHERE resident_code = ?",
            residentCode);
    return number == null ? null : number.toString();
  }

  HttpResponse<String> api(
      String body, String method, String path, String json, String idempotencyKey)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.apiPort() + path))
            .header("X-Jukihub-Body", body)
            .header("X-Jukihub-Operator", "op-1")
            .header("Content-Type", "application/json")
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    return API.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
