package jp.jukihub.gateway.register;

import static jp.jukihub.testing.TestDatabases.scalarInt;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.testing.Eventually;

/** Calls the municipal routes of a running hub over real HTTP, as a demo-identified body. */
final class RegisterClient {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final int port;

  RegisterClient(int port) {
    this.port = port;
  }

  record Reply(int status, JsonObject json, String contentType) {}

  Reply send(String body, String method, String path, String json, String idempotencyKey)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("X-Jukihub-Body", body)
            .header("X-Jukihub-Operator", "clerk-1")
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    HttpResponse<String> response =
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    String text = response.body();
    return new Reply(
        response.statusCode(),
        text.isEmpty() ? new JsonObject() : new JsonObject(text),
        response.headers().firstValue("Content-Type").orElse(""));
  }

  /** A POST with a fresh idempotency key, as a careful client sends every write. */
  Reply post(String body, String path, String json) throws Exception {
    return send(body, "POST", path, json, java.util.UUID.randomUUID().toString());
  }

  Reply put(String body, String path, String json) throws Exception {
    return send(body, "PUT", path, json, null);
  }

  Reply get(String body, String path) throws Exception {
    return send(body, "GET", path, null, null);
  }

  /** A move-out from {@code at} to the municipality {@code toLgCode} (plannedOn 2024-05-01). */
  Reply moveOut(String body, String at, String residentCode, String toLgCode, String address)
      throws Exception {
    return post(
        body,
        at + "/move-outs",
        new JsonObject()
            .put("residentCode", residentCode)
            .put("plannedOn", "2024-05-01")
            .put("destination", new JsonObject().put("lgCode", toLgCode).put("address", address))
            .encode());
  }

  /** The move-in that {@code certificate} (a move-out's answer) allows, at {@code at}. */
  Reply moveIn(String body, String at, JsonObject certificate, String addressRest)
      throws Exception {
    return post(
        body,
        at + "/move-ins",
        new JsonObject()
            .put("certificateNumber", certificate.getString("certificateNumber"))
            .put("residentCode", certificate.getString("residentCode"))
            .put("movedInOn", "2024-05-02")
            .put("addressRest", addressRest)
            .encode());
  }

  static String birth(String kanji, String kana, String birthDate, String sex) {
    return new JsonObject()
        .put("event", "birth")
        .put("name", new JsonObject().put("kanji", kanji).put("kana", kana))
        .put("birthDate", birthDate)
        .put("sex", sex)
        .put("addressRest", "千代田1丁目1番1号")
        .encode();
  }

  /**
   * Waits until the national tier holds the person at {@code version} (the shipper is
   * asynchronous).
   */
  static void awaitNational(DatabaseTarget database, String residentCode, int version)
      throws Exception {
    Eventually.until(
        Duration.ofSeconds(15),
        "the national tier reaches version " + version,
        () ->
            scalarInt(
                database,
                "SELECT version FROM national.identity WHERE resident_code = ?",
                residentCode),
        current -> current != null && current >= version);
  }
}
