package jp.jukihub.gateway.jpki;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import jp.jukihub.testing.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JPKI scenarios on a hub that holds no OCSP answer in memory ({@code
 * jpki.ocspAnswerMemoryMegabytes: 0}): what a node answers for the tens of millions of cards it
 * cannot hold. Each answer then comes from the certificate store, pre-signed as kept there or
 * signed live, and must say the same.
 */
class JpkiWithNothingHeldIT extends JpkiScenarios {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    startHolding(0);
  }

  @Test
  void should_serve_the_answer_the_store_keeps_byte_for_byte_without_signing() throws Exception {
    JsonObject card = card("高橋\u3000三郎", "タカハシ\u3000サブロウ", "1981-02-03", "male");
    long serial = new java.math.BigInteger(serial(card, "auth"), 16).longValueExact();
    X509Certificate ca = certificate(java.nio.file.Files.readString(authCa));
    double storedBefore = responses("stored");
    double liveBefore = responses("live");

    byte[] answer = ocspRequest(OcspRequests.request(OcspRequests.sha1(ca, serial)));

    byte[] kept =
        (byte[])
            TestDatabases.scalar(
                database, "SELECT ocsp_response FROM jpki.certificate WHERE serial = ?", serial);
    assertThat(answer).isEqualTo(kept);
    assertThat(responses("stored") - storedBefore).isEqualTo(1);
    assertThat(responses("live") - liveBefore).as("nothing signed for it").isZero();
    assertThat(responses("presigned")).as("nothing held").isZero();
    assertThat(
            ocsp(
                authCa,
                write(
                    "auth-kept-" + serial + ".pem",
                    card.getJsonObject("auth").getString("certificate")),
                "bank-demo",
                true))
        .contains(": good");
  }

  @Test
  void should_never_serve_the_kept_good_answer_of_a_certificate_revoked_but_not_re_signed_yet()
      throws Exception {
    JsonObject card = card("高橋\u3000四郎", "タカハシ\u3000シロウ", "1982-04-05", "male");
    long serial = new java.math.BigInteger(serial(card, "sign"), 16).longValueExact();
    Path sign =
        write(
            "sign-unanswered-" + serial + ".pem",
            card.getJsonObject("sign").getString("certificate"));

    // A revocation as another node records it: the stored answer still says good until the
    // publisher re-signs it, a second or two later. The answer asked at once must not say good.
    TestDatabases.scalar(
        database,
        "UPDATE jpki.certificate SET revoked_at = now(), reason = 1,"
            + " revocation_seq = nextval('jpki.revocation_seq') WHERE serial = ? RETURNING serial",
        serial);
    assertThat(ocsp(signCa, sign, "bank-demo", true))
        .contains(": revoked")
        .doesNotContain(": good");
  }

  private static byte[] ocspRequest(byte[] der) throws Exception {
    HttpResponse<byte[]> answer =
        HTTP.send(
            request("bank-demo", "/v1/jpki/ocsp")
                .header("Content-Type", "application/ocsp-request")
                .POST(HttpRequest.BodyPublishers.ofByteArray(der))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(answer.statusCode()).isEqualTo(200);
    return answer.body();
  }

  /** {@code hub_jpki_ocsp_responses_total} of one kind, from the node's own metrics. */
  private static double responses(String kind) throws Exception {
    String metrics =
        HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.opsPort() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    return metrics
        .lines()
        .filter(line -> line.startsWith("hub_jpki_ocsp_responses_total{"))
        .filter(line -> line.contains("kind=\"" + kind + "\""))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }
}
