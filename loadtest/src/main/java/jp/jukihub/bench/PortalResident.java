package jp.jukihub.bench;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import jp.jukihub.database.DatabaseTarget;

/**
 * The portal benchmark's resident, set up over the bodies' API as in PortalIT: born in Chiyoda
 * (their My Number assigned at the national tier), then issued a My Number card whose
 * user-authentication key and certificate (PKCS#12 under the auth PIN) the load presents in TLS.
 */
record PortalResident(String residentCode, long personId, KeyStore card, char[] pin) {
  private static final String CHIYODA = "lg-131016";
  private static final String AT_CHIYODA = "/v1/municipalities/131016";
  private static final String AUTH_PIN = "bench-auth-4321";
  private static final Duration NATIONAL_WAIT = Duration.ofSeconds(60);

  /** Registers a newborn in Chiyoda and issues their card; fails on any refusal. */
  static PortalResident register(int apiPort, DatabaseTarget database) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String birth =
        new JsonObject()
            .put("event", "birth")
            .put("name", new JsonObject().put("kanji", "佐藤\u3000花子").put("kana", "サトウ\u3000ハナコ"))
            .put("birthDate", "2019-03-15")
            .put("sex", "female")
            .put("addressRest", "千代田1丁目1番1号")
            .encode();
    JsonObject born =
        post(http, apiPort, AT_CHIYODA + "/residents", birth, UUID.randomUUID().toString());
    String code = born.getString("residentCode");
    long personId = personIdOnceNational(database, code);
    JsonObject issued =
        post(
            http,
            apiPort,
            AT_CHIYODA + "/residents/" + code + "/certificates",
            new JsonObject().put("signPin", "bench-sign-ABC123").put("authPin", AUTH_PIN).encode(),
            null);
    KeyStore card = KeyStore.getInstance("PKCS12");
    card.load(
        new ByteArrayInputStream(
            Base64.getDecoder().decode(issued.getJsonObject("auth").getString("pkcs12"))),
        AUTH_PIN.toCharArray());
    return new PortalResident(code, personId, card, AUTH_PIN.toCharArray());
  }

  /** TLS that presents the card and trusts the hub's body CA (the portal's server certificate). */
  SSLContext tls(Path bodyCa) throws Exception {
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(card, pin);
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    try (InputStream in = Files.newInputStream(bodyCa)) {
      int i = 0;
      for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trusted.setCertificateEntry("ca-" + i++, (X509Certificate) certificate);
      }
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
    return tls;
  }

  @Override
  public String toString() {
    return "PortalResident(" + residentCode + ")";
  }

  /** The person id once the birth has reached the national tier with a My Number. */
  private static long personIdOnceNational(DatabaseTarget database, String code) throws Exception {
    long deadline = System.nanoTime() + NATIONAL_WAIT.toNanos();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT person_id FROM national.identity"
                    + " WHERE resident_code = ? AND my_number IS NOT NULL")) {
      select.setString(1, code);
      while (System.nanoTime() < deadline) {
        try (ResultSet rows = select.executeQuery()) {
          if (rows.next()) {
            return rows.getLong(1);
          }
        }
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException(
        "the newborn did not reach the national tier within " + NATIONAL_WAIT.toSeconds() + " s");
  }

  private static JsonObject post(
      HttpClient http, int port, String path, String json, String idempotencyKey) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("X-Jukihub-Body", CHIYODA)
            .header("X-Jukihub-Operator", "officer-1")
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 201) {
      throw new IllegalStateException(
          "set-up: POST " + path + " answered " + answer.statusCode() + ": " + answer.body());
    }
    return new JsonObject(answer.body());
  }
}
