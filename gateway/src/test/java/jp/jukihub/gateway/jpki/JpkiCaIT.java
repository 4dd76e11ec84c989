package jp.jukihub.gateway.jpki;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.gateway.HubServer;
import jp.jukihub.gateway.config.HubConfigLoader;
import jp.jukihub.gateway.config.HubOptions;
import jp.jukihub.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JPKI CAs over real HTTP: created at first start, kept across restarts, served as PEM. */
class JpkiCaIT {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir Path data;

  @Test
  void
      should_serve_two_rsa_ca_certificates_that_survive_a_restart_and_whose_keys_only_the_owner_reads()
          throws Exception {
    DatabaseTarget database = TestDatabases.fresh();
    HubOptions options =
        HubConfigLoader.load(
                null, Map.of("JUKIHUB_DATA_DIR", data.toString(), "JUKIHUB_INSTANCE", "jpki"))
            .withFreeLoopbackPorts();
    JsonObject first;
    try (HubServer hub = HubServer.start(options, database, true)) {
      first = ca(hub, "nta");
      assertThat(ca(hub, "bank-demo")).as("a verifier fetches them too").isEqualTo(first);
    }
    for (String type : new String[] {"sign", "auth"}) {
      X509Certificate certificate = parse(first.getJsonObject(type).getString("pem"));
      assertThat(certificate.getBasicConstraints()).as("a CA").isGreaterThanOrEqualTo(0);
      assertThat(certificate.getKeyUsage()[5]).as("keyCertSign").isTrue();
      assertThat(certificate.getKeyUsage()[6]).as("cRLSign").isTrue();
      assertThat(((RSAPublicKey) certificate.getPublicKey()).getModulus().bitLength())
          .isEqualTo(2048);
      certificate.verify(certificate.getPublicKey());
      assertThat(Files.getPosixFilePermissions(data.resolve("keys/jpki-" + type + "-ca.key")))
          .containsExactlyInAnyOrder(
              PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }
    assertThat(first.getJsonObject("sign").getString("subject")).contains("JPKI Signature CA");
    assertThat(first.getJsonObject("auth").getString("subject"))
        .contains("JPKI User Authentication CA");

    try (HubServer again = HubServer.start(options, database, true)) {
      assertThat(ca(again, "nta")).as("the same CAs after a restart").isEqualTo(first);
    }
  }

  private static JsonObject ca(HubServer hub, String body) throws Exception {
    HttpResponse<String> answer =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.apiPort() + "/v1/jpki/ca"))
                .header("X-Jukihub-Body", body)
                .header("X-Jukihub-Operator", "officer-1")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return new JsonObject(answer.body());
  }

  private static X509Certificate parse(String pem) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }
}
