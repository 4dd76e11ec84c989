package jp.jukihub.loadtest;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * The cards {@link RevocationChecks} checks: issued through the hub's own API (births in Chiyoda,
 * then card issuance; every fifth user-authentication certificate revoked as lost), each with the
 * requests a relying party sends about it and the status the hub must answer.
 */
final class RevocationCards {
  private static final String CHIYODA = "lg-131016";
  private static final String[] VERIFIERS = {"bank-demo", "nta"};

  /** One certificate and what to send about it. */
  private record Card(
      byte[] ocsp, byte[] ocspNonce, String verify, String expected, String crlPath) {}

  private final List<Card> cards;
  private final int revoked;

  private RevocationCards(List<Card> cards, int revoked) {
    this.cards = List.copyOf(cards);
    this.revoked = revoked;
  }

  /**
   * Issues {@code count} cards on the hub at {@code target} (a few seconds: J-LIS makes two RSA
   * keys per card).
   */
  static RevocationCards issue(String target, int count) {
    try {
      Api api = new Api(target);
      JsonObject ca = api.call("bank-demo", "GET", "/v1/jpki/ca", null, 200);
      List<Card> cards = new ArrayList<>();
      int revoked = 0;
      for (int i = 0; i < count; i++) {
        JsonObject birth =
            new JsonObject()
                .put("event", "birth")
                .put("name", new JsonObject().put("kanji", "負荷\u3000試験").put("kana", "フカ\u3000シケン"))
                .put("birthDate", "1990-04-0" + (1 + i % 9))
                .put("sex", i % 2 == 0 ? "female" : "male")
                .put("addressRest", "千代田1丁目1番1号");
        String residentCode =
            api.call(CHIYODA, "POST", "/v1/municipalities/131016/residents", birth.encode(), 201)
                .getString("residentCode");
        JsonObject card =
            api.call(
                CHIYODA,
                "POST",
                "/v1/municipalities/131016/residents/" + residentCode + "/certificates",
                new JsonObject()
                    .put("signPin", "load-sign-LOAD2024")
                    .put("authPin", "load-auth-1234")
                    .encode(),
                201);
        for (String type : new String[] {"sign", "auth"}) {
          JsonObject certificate = card.getJsonObject(type);
          boolean revoke = type.equals("auth") && i % 5 == 4;
          if (revoke) {
            api.call(
                CHIYODA,
                "POST",
                "/v1/jpki/certificates/" + certificate.getString("serial") + "/revoke",
                "{\"reason\":\"cardLost\"}",
                200);
            revoked++;
          }
          X509Certificate issuer = parse(ca.getJsonObject(type).getString("pem"));
          BigInteger serial = new BigInteger(certificate.getString("serial"), 16);
          cards.add(
              new Card(
                  request(issuer, serial, false),
                  request(issuer, serial, true),
                  new JsonObject()
                      .put("certificate", certificate.getString("certificate"))
                      .encode(),
                  revoke ? "revoked" : "good",
                  type + "/" + certificate.getInteger("shard")));
        }
      }
      return new RevocationCards(cards, revoked);
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot issue the cards to check (is the hub up with dev identity?): " + e.getMessage(),
          e);
    }
  }

  /** One check's session attributes: which certificate, by whom. */
  Map<String, Object> draw(SplittableRandom random) {
    Card card = cards.get(random.nextInt(cards.size()));
    return Map.of(
        "verifier", VERIFIERS[random.nextInt(VERIFIERS.length)],
        "ocsp", card.ocsp(),
        "ocspNonce", card.ocspNonce(),
        "verify", card.verify(),
        "expected", card.expected(),
        "crlPath", card.crlPath());
  }

  String describe() {
    return cards.size()
        + " certificates of "
        + cards.size() / 2
        + " cards, "
        + revoked
        + " revoked";
  }

  /** What an OCSP answer states: good, revoked or unknown; or its error status (tryLater...). */
  static String status(byte[] der) {
    try {
      OCSPResp response = new OCSPResp(der);
      switch (response.getStatus()) {
        case OCSPResp.SUCCESSFUL -> {}
        case OCSPResp.TRY_LATER -> {
          return "tryLater";
        }
        case OCSPResp.MALFORMED_REQUEST -> {
          return "malformedRequest";
        }
        case OCSPResp.UNAUTHORIZED -> {
          return "unauthorized";
        }
        default -> {
          return "error " + response.getStatus();
        }
      }
      Object status =
          ((BasicOCSPResp) response.getResponseObject()).getResponses()[0].getCertStatus();
      return status == null
          ? "good"
          : status instanceof RevokedStatus
              ? "revoked"
              : status instanceof UnknownStatus ? "unknown" : "?";
    } catch (Exception e) {
      return "unreadable";
    }
  }

  private static byte[] request(X509Certificate issuer, BigInteger serial, boolean nonce)
      throws Exception {
    CertificateID id =
        new CertificateID(
            new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
            new JcaX509CertificateHolder(issuer),
            serial);
    OCSPReqBuilder builder = new OCSPReqBuilder().addRequest(id);
    if (nonce) {
      byte[] value = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);
      builder.setRequestExtensions(
          new Extensions(
              new Extension(
                  OCSPObjectIdentifiers.id_pkix_ocsp_nonce,
                  false,
                  new DEROctetString(value).getEncoded())));
    }
    return builder.build().getEncoded();
  }

  private static X509Certificate parse(String pem) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }

  /** The few API calls the setup makes, with java.net.http. */
  private record Api(String target) {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    JsonObject call(String body, String method, String path, String json, int expected)
        throws Exception {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(target + path))
              .header("X-Jukihub-Body", body)
              .header("X-Jukihub-Operator", HubProtocol.OPERATOR)
              .header("Idempotency-Key", UUID.randomUUID().toString())
              .method(
                  method,
                  json == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(json));
      if (json != null) {
        request.header("Content-Type", "application/json");
      }
      HttpResponse<String> answer =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != expected) {
        throw new IllegalStateException(
            method + " " + path + " answered " + answer.statusCode() + ": " + answer.body());
      }
      return new JsonObject(answer.body());
    }
  }
}
