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
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.gateway.HubServer;
import jp.jukihub.gateway.config.HubConfigLoader;
import jp.jukihub.gateway.config.HubOptions;
import jp.jukihub.testing.Eventually;
import jp.jukihub.testing.TestDatabases;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * J-LIS's JPKI end to end over real HTTP and a real PostgreSQL, checked with the real openssl: a
 * municipality issues a card, relying parties ask OCSP ({@code openssl ocsp}), fetch CRLs ({@code
 * openssl crl}, {@code openssl verify -crl_check}) and verify certificates; explicit and
 * register-driven revocations reach OCSP and the CRLs within 60 s. Run on a hub holding pre-signed
 * OCSP answers ({@link JpkiIT}) and on one holding none ({@link JpkiWithNothingHeldIT}).
 */
abstract class JpkiScenarios {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  static final String CHIYODA = "lg-131016";
  private static final String AT_CHIYODA = "/v1/municipalities/131016";
  private static final Duration REVOCATION_DEADLINE = Duration.ofSeconds(60);

  private static final String ISSUED_OK =
      "SELECT count(*) FROM audit.record WHERE route = 'jpki.issue' AND subject IS NOT NULL AND outcome = 'ok'";
  @TempDir static Path data;
  @TempDir static Path files;
  static DatabaseTarget database;
  static HubServer hub;
  static Path signCa;
  static Path authCa;

  /**
   * Starts the hub the scenarios run on, its held OCSP answers allowed {@code megabytes} of heap
   * ({@link JpkiIT}: the default; {@link JpkiWithNothingHeldIT}: none).
   */
  static void startHolding(int megabytes) throws Exception {
    database = TestDatabases.fresh();
    HubOptions options =
        HubConfigLoader.load(
                null, Map.of("JUKIHUB_DATA_DIR", data.toString(), "JUKIHUB_INSTANCE", "jpki-it"))
            .withFreeLoopbackPorts();
    // New revocations reach the CRLs within a second here, instead of the default 20 s.
    options =
        options.withJpki(
            new jp.jukihub.gateway.config.JpkiOptions(
                "http://127.0.0.1:8080",
                4,
                1,
                12,
                96,
                48,
                32,
                megabytes,
                options.jpki().pairwiseKeyFile()));
    hub = HubServer.start(options, database, true);
    JsonObject ca = json(send("bank-demo", "GET", "/v1/jpki/ca", null, null));
    signCa = write("sign-ca.pem", ca.getJsonObject("sign").getString("pem"));
    authCa = write("auth-ca.pem", ca.getJsonObject("auth").getString("pem"));
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void should_issue_both_certificates_with_the_keys_only_in_the_pin_protected_bundles()
      throws Exception {
    String residentCode = born("佐藤\u3000花子", "サトウ\u3000ハナコ", "1990-03-15", "female");
    Object issuedBefore = TestDatabases.scalar(database, ISSUED_OK);
    HttpResponse<String> issued = issue(residentCode, "demo-sign-ABC123", "demo-auth-1234");
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
    JsonObject card = new JsonObject(issued.body());

    X509Certificate sign = certificate(card.getJsonObject("sign").getString("certificate"));
    X509Certificate auth = certificate(card.getJsonObject("auth").getString("certificate"));
    String signText = OpensslCommand.run(pem(sign), "x509", "-noout", "-text").stdout();
    assertThat(signText)
        .contains("1.2.392.200149.8.5.1.1.20")
        .contains("/v1/jpki/crl/sign/")
        .contains("/v1/jpki/ocsp");
    assertThat(sign.getSubjectAlternativeNames())
        .as("the 4 info in the signing certificate")
        .isNotEmpty();
    assertThat(auth.getSubjectAlternativeNames())
        .as("no 4 info in the user-authentication certificate")
        .isNull();
    assertThat(OpensslCommand.run(pem(auth), "x509", "-noout", "-text").stdout())
        .contains("1.2.392.200149.8.5.1.3.30");
    assertThat(
            OpensslCommand.run(
                    "verify", "-CAfile", signCa.toString(), write("sign.pem", pem(sign)).toString())
                .stdout())
        .contains(": OK");
    // Valid until the end of the 5th birthday after issuance (JST).
    int year = java.time.LocalDate.now(ZoneId.of("Asia/Tokyo")).getYear();
    assertThat(
            sign.getNotAfter()
                .toInstant()
                .atZone(ZoneId.of("Asia/Tokyo"))
                .toLocalDate()
                .getMonthValue())
        .isEqualTo(3);
    assertThat(sign.getNotAfter().toInstant().atZone(ZoneId.of("Asia/Tokyo")).getYear())
        .isBetween(year + 4, year + 5);

    for (String type : new String[] {"sign", "auth"}) {
      KeyStore bundle = KeyStore.getInstance("PKCS12");
      char[] pin = (type.equals("sign") ? "demo-sign-ABC123" : "demo-auth-1234").toCharArray();
      bundle.load(
          new ByteArrayInputStream(
              Base64.getDecoder().decode(card.getJsonObject(type).getString("pkcs12"))),
          pin);
      PrivateKey key = (PrivateKey) bundle.getKey(type, pin);
      X509Certificate inBundle = (X509Certificate) bundle.getCertificate(type);
      assertThat(inBundle.getSerialNumber().toString(16).toUpperCase())
          .isEqualTo(card.getJsonObject(type).getString("serial"));
      assertThat(((java.security.interfaces.RSAPrivateCrtKey) key).getModulus())
          .isEqualTo(
              ((java.security.interfaces.RSAPublicKey) inBundle.getPublicKey()).getModulus());
    }
    assertThat(
            TestDatabases.scalar(
                database,
                "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'jpki' AND column_name ILIKE '%key%'"))
        .as("the store has no place for a resident's key")
        .isEqualTo(0L);
    assertThat(TestDatabases.scalar(database, ISSUED_OK))
        .as("issuance is audited under the holder")
        .isEqualTo((Long) issuedBefore + 1);
  }

  @Test
  void should_certify_the_cards_own_keys_from_openssl_requests_and_hand_out_no_key()
      throws Exception {
    String residentCode = born("鈴木\u3000次郎", "スズキ\u3000ジロウ", "1979-11-02", "male");
    Path signKey = files.resolve("card-sign.key");
    Path authKey = files.resolve("card-auth.key");
    String body =
        new JsonObject()
            .put("signCsr", opensslRequest(signKey))
            .put("authCsr", opensslRequest(authKey))
            .encode();
    HttpResponse<String> issued =
        send(
            CHIYODA,
            "POST",
            AT_CHIYODA + "/residents/" + residentCode + "/certificates",
            body,
            null);
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
    JsonObject card = new JsonObject(issued.body());
    assertThat(card.getJsonObject("sign").containsKey("pkcs12")).isFalse();
    assertThat(card.getJsonObject("auth").containsKey("pkcs12")).isFalse();

    Path auth = write("card-auth.pem", card.getJsonObject("auth").getString("certificate"));
    assertThat(OpensslCommand.run("verify", "-CAfile", authCa.toString(), auth.toString()).stdout())
        .contains(": OK");
    Path sign = write("card-sign.pem", card.getJsonObject("sign").getString("certificate"));
    assertThat(OpensslCommand.run("verify", "-CAfile", signCa.toString(), sign.toString()).stdout())
        .contains(": OK");
    // Certified for the card's own key, and named by the hub, not by the request's subject.
    assertThat(OpensslCommand.run("x509", "-noout", "-modulus", "-in", auth.toString()).stdout())
        .isEqualTo(
            OpensslCommand.run("rsa", "-noout", "-modulus", "-in", authKey.toString()).stdout());
    assertThat(OpensslCommand.run("x509", "-noout", "-subject", "-in", auth.toString()).stdout())
        .doesNotContain("Mallory");
  }

  @Test
  void should_refuse_a_request_whose_signature_does_not_prove_the_key() throws Exception {
    String residentCode = born("高橋\u3000三郎", "タカハシ\u3000サブロウ", "1970-01-20", "male");
    String good = opensslRequest(files.resolve("forged-auth.key"));
    byte[] der =
        Base64.getMimeDecoder()
            .decode(
                good.replace("-----BEGIN CERTIFICATE REQUEST-----", "")
                    .replace("-----END CERTIFICATE REQUEST-----", "")
                    .strip());
    der[der.length - 1] ^= 0x01; // the signature's last byte
    String forged =
        "-----BEGIN CERTIFICATE REQUEST-----\n"
            + Base64.getMimeEncoder().encodeToString(der)
            + "\n-----END CERTIFICATE REQUEST-----\n";
    String body =
        new JsonObject()
            .put("signCsr", opensslRequest(files.resolve("forged-sign.key")))
            .put("authCsr", forged)
            .encode();
    HttpResponse<String> refused =
        send(
            CHIYODA,
            "POST",
            AT_CHIYODA + "/residents/" + residentCode + "/certificates",
            body,
            null);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    assertThat(new JsonObject(refused.body()).getString("code")).isEqualTo("INVALID_CERTIFICATE");
    assertThat(new JsonObject(refused.body()).getString("detail")).startsWith("authCsr");
  }

  /** A PKCS#10 request as a card (here: openssl) makes it, its key written to {@code key}. */
  private static String opensslRequest(Path key) throws Exception {
    Path csr = files.resolve(key.getFileName() + ".csr");
    OpensslCommand.run(
        "req",
        "-new",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        key.toString(),
        "-out",
        csr.toString(),
        "-subj",
        "/CN=Mallory/O=Not the hub");
    return Files.readString(csr);
  }

  @Test
  void should_refuse_bad_pins_other_municipalities_and_closed_records_without_echoing_the_pin()
      throws Exception {
    String residentCode = born("田中\u3000一郎", "タナカ\u3000イチロウ", "1985-07-01", "male");
    HttpResponse<String> weak = issue(residentCode, "abcdef", "demo-auth-1234");
    assertThat(weak.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(weak.body()).getString("code")).isEqualTo("INVALID_PIN");
    assertThat(weak.body()).doesNotContain("abcdef");
    HttpResponse<String> shortPin = issue(residentCode, "demo-sign-ABC123", "12");
    assertThat(new JsonObject(shortPin.body()).getString("code")).isEqualTo("INVALID_PIN");
    HttpResponse<String> other =
        send(
            "lg-131130",
            "POST",
            AT_CHIYODA + "/residents/" + residentCode + "/certificates",
            pins("demo-sign-ABC123", "demo-auth-1234"),
            null);
    assertThat(other.statusCode()).isEqualTo(403);
    HttpResponse<String> verifier =
        send(
            "bank-demo",
            "POST",
            AT_CHIYODA + "/residents/" + residentCode + "/certificates",
            pins("demo-sign-ABC123", "demo-auth-1234"),
            null);
    assertThat(new JsonObject(verifier.body()).getString("code")).isEqualTo("FIREWALL_DENIED");
    HttpResponse<String> nobody = issue("10000000001", "demo-sign-ABC123", "demo-auth-1234");
    assertThat(nobody.statusCode()).as(nobody.body()).isIn(400, 404);
  }

  @Test
  void
      should_answer_openssl_ocsp_good_then_revoked_with_reason_and_time_after_the_municipality_revokes()
          throws Exception {
    JsonObject card = card("鈴木\u3000次郎", "スズキ\u3000ジロウ", "1979-11-30", "male");
    Path auth =
        write(
            "auth-" + serial(card, "auth") + ".pem",
            card.getJsonObject("auth").getString("certificate"));

    assertThat(ocsp(authCa, auth, "bank-demo", true)).contains(": good");
    assertThat(ocsp(authCa, auth, "bank-demo", false))
        .as("with a nonce: signed live")
        .contains(": good")
        .contains("Response verify OK");

    HttpResponse<String> revoked =
        send(
            CHIYODA,
            "POST",
            "/v1/jpki/certificates/" + serial(card, "auth") + "/revoke",
            "{\"reason\":\"cardLost\"}",
            null);
    assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
    assertThat(new JsonObject(revoked.body()).getString("reason")).isEqualTo("keyCompromise");
    // The answer comes after the OCSP answer was re-signed: no waiting here.
    String after = ocsp(authCa, auth, "bank-demo", true);
    assertThat(after)
        .contains(": revoked")
        .contains("Reason: keyCompromise")
        .contains("Revocation Time");

    HttpResponse<String> again =
        send(
            CHIYODA,
            "POST",
            "/v1/jpki/certificates/" + serial(card, "auth") + "/revoke",
            "{\"reason\":\"cardLost\"}",
            null);
    assertThat(new JsonObject(again.body()).getString("code")).isEqualTo("CERTIFICATE_REVOKED");
    HttpResponse<String> notTheirs =
        send(
            "lg-131130",
            "POST",
            "/v1/jpki/certificates/" + serial(card, "sign") + "/revoke",
            "{\"reason\":\"cardLost\"}",
            null);
    assertThat(notTheirs.statusCode())
        .as("another municipality's certificate is not found")
        .isEqualTo(404);
    HttpResponse<String> badReason =
        send(
            CHIYODA,
            "POST",
            "/v1/jpki/certificates/" + serial(card, "sign") + "/revoke",
            "{\"reason\":\"bored\"}",
            null);
    assertThat(badReason.statusCode()).isEqualTo(400);
    assertThat(
            ocsp(
                signCa,
                write("sign-live.pem", card.getJsonObject("sign").getString("certificate")),
                "nta",
                true))
        .as("the signing certificate is untouched")
        .contains(": good");
  }

  @Test
  void should_answer_unknown_for_a_serial_never_issued_and_malformed_for_garbage()
      throws Exception {
    OpensslCommand.Result unknown =
        OpensslCommand.run(
            "ocsp",
            "-issuer",
            signCa.toString(),
            "-serial",
            "0x1234567",
            "-url",
            ocspUrl(),
            "-header",
            "X-Jukihub-Body=bank-demo",
            "-header",
            "X-Jukihub-Operator=op-1",
            "-CAfile",
            signCa.toString(),
            "-no_nonce");
    assertThat(unknown.stdout()).as(unknown.stderr()).contains(": unknown");

    // The same question by GET (RFC 6960 A.1): base64, URL-encoded, in the path.
    Path request = files.resolve("unknown.req");
    OpensslCommand.run(
        "ocsp",
        "-issuer",
        signCa.toString(),
        "-serial",
        "0x1234567",
        "-reqout",
        request.toString(),
        "-no_nonce");
    String encoded =
        java.net.URLEncoder.encode(
            Base64.getEncoder().encodeToString(Files.readAllBytes(request)),
            StandardCharsets.US_ASCII);
    HttpResponse<byte[]> got =
        HTTP.send(
            request("bank-demo", "/v1/jpki/ocsp/" + encoded).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(got.headers().firstValue("Content-Type")).hasValue("application/ocsp-response");
    Path response = write("unknown.resp", got.body());
    assertThat(
            OpensslCommand.run(
                    "ocsp",
                    "-respin",
                    response.toString(),
                    "-issuer",
                    signCa.toString(),
                    "-CAfile",
                    signCa.toString(),
                    "-serial",
                    "0x1234567")
                .stdout())
        .contains(": unknown");

    HttpResponse<byte[]> garbage =
        HTTP.send(
            request("bank-demo", "/v1/jpki/ocsp")
                .header("Content-Type", "application/ocsp-request")
                .POST(
                    HttpRequest.BodyPublishers.ofByteArray(
                        "not DER at all".getBytes(StandardCharsets.US_ASCII)))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(garbage.statusCode()).isEqualTo(200);
    assertThat(new OCSPResp(garbage.body()).getStatus())
        .as("malformedRequest")
        .isEqualTo(OCSPResp.MALFORMED_REQUEST);

    HttpResponse<String> operator =
        send("auditor", "POST", "/v1/jpki/verify", "{\"certificate\":\"x\"}", null);
    assertThat(new JsonObject(operator.body()).getString("code"))
        .as("operators check no certificates")
        .isEqualTo("FIREWALL_DENIED");
  }

  @Test
  void
      should_revoke_the_signing_certificate_on_a_move_and_both_on_a_death_and_list_them_in_the_crls()
          throws Exception {
    JsonObject mover = card("高橋\u3000三郎", "タカハシ\u3000サブロウ", "1970-01-20", "male");
    String moverCode = mover.getString("residentCode");
    Path moverSign = write("mover-sign.pem", mover.getJsonObject("sign").getString("certificate"));
    Path moverAuth = write("mover-auth.pem", mover.getJsonObject("auth").getString("certificate"));
    HttpResponse<String> moveOut =
        send(
            CHIYODA,
            "POST",
            AT_CHIYODA + "/move-outs",
            new JsonObject()
                .put("residentCode", moverCode)
                .put("plannedOn", java.time.LocalDate.now().toString())
                .put(
                    "destination",
                    new JsonObject().put("lgCode", "272035").put("address", "大阪府豊中市中桜塚3丁目1番1号"))
                .encode(),
            UUID.randomUUID().toString());
    assertThat(moveOut.statusCode()).as(moveOut.body()).isEqualTo(201);
    String revoked =
        eventually(
            () -> ocsp(signCa, moverSign, "bank-demo", true),
            answer -> answer.contains(": revoked"));
    assertThat(revoked).contains("Reason: affiliationChanged");
    assertThat(ocsp(authCa, moverAuth, "bank-demo", true))
        .as("a move leaves the user-authentication certificate")
        .contains(": good");

    JsonObject deceased = card("伊藤\u3000四郎", "イトウ\u3000シロウ", "1940-02-02", "male");
    Path deceasedAuth =
        write("deceased-auth.pem", deceased.getJsonObject("auth").getString("certificate"));
    HttpResponse<String> death =
        send(
            CHIYODA,
            "POST",
            AT_CHIYODA + "/residents/" + deceased.getString("residentCode") + "/death",
            new JsonObject()
                .put("diedOn", java.time.LocalDate.now().minusDays(1).toString())
                .encode(),
            null);
    assertThat(death.statusCode()).as(death.body()).isEqualTo(200);
    assertThat(
            eventually(
                () -> ocsp(authCa, deceasedAuth, "nta", true),
                answer -> answer.contains(": revoked")))
        .contains("Reason: cessationOfOperation");

    // The mover's shard CRL lists the signing certificate; openssl verify then refuses it.
    int shard = mover.getJsonObject("sign").getInteger("shard");
    Path crl = files.resolve("sign-" + shard + ".crl");
    String listed =
        eventually(
            () -> {
              Files.write(crl, bytes("bank-demo", "/v1/jpki/crl/sign/" + shard));
              return OpensslCommand.run(
                      "crl", "-inform", "DER", "-in", crl.toString(), "-noout", "-text")
                  .stdout();
            },
            text -> text.contains(serial(mover, "sign")));
    assertThat(listed)
        .contains("Affiliation Changed")
        .contains("CRL Number")
        .contains("Next Update");
    assertThat(
            OpensslCommand.run(
                    "crl",
                    "-inform",
                    "DER",
                    "-in",
                    crl.toString(),
                    "-CAfile",
                    signCa.toString(),
                    "-noout")
                .stderr())
        .contains("verify OK");
    Path crlPem = files.resolve("sign-" + shard + ".crl.pem");
    OpensslCommand.run("crl", "-inform", "DER", "-in", crl.toString(), "-out", crlPem.toString());
    OpensslCommand.Result refused =
        OpensslCommand.run(
            "verify",
            "-crl_check",
            "-CAfile",
            signCa.toString(),
            "-CRLfile",
            crlPem.toString(),
            moverSign.toString());
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.stdout() + refused.stderr()).contains("certificate revoked");

    JsonObject fresh = card("渡辺\u3000五郎", "ワタナベ\u3000ゴロウ", "2001-05-05", "male");
    int freshShard = fresh.getJsonObject("sign").getInteger("shard");
    Path freshCrl = files.resolve("fresh.crl.pem");
    Files.write(files.resolve("fresh.crl"), bytes("bank-demo", "/v1/jpki/crl/sign/" + freshShard));
    OpensslCommand.run(
        "crl",
        "-inform",
        "DER",
        "-in",
        files.resolve("fresh.crl").toString(),
        "-out",
        freshCrl.toString());
    OpensslCommand.Result good =
        OpensslCommand.run(
            "verify",
            "-crl_check",
            "-CAfile",
            signCa.toString(),
            "-CRLfile",
            freshCrl.toString(),
            write("fresh-sign.pem", fresh.getJsonObject("sign").getString("certificate"))
                .toString());
    assertThat(good.stdout()).as(good.stderr()).contains(": OK");

    Files.write(files.resolve("whole.crl"), bytes("bank-demo", "/v1/jpki/crl/sign"));
    assertThat(
            OpensslCommand.run(
                    "crl",
                    "-inform",
                    "DER",
                    "-in",
                    files.resolve("whole.crl").toString(),
                    "-noout",
                    "-text")
                .stdout())
        .as("the whole type's CRL lists every shard")
        .contains(serial(mover, "sign"));
  }

  @Test
  void should_revoke_only_the_signing_certificate_when_the_register_corrects_the_4_info()
      throws Exception {
    JsonObject card = card("中村　七子", "ナカムラ　ナナコ", "1988-08-08", "female");
    Path sign = write("corrected-sign.pem", card.getJsonObject("sign").getString("certificate"));
    Path auth = write("corrected-auth.pem", card.getJsonObject("auth").getString("certificate"));
    HttpResponse<String> corrected =
        send(
            CHIYODA,
            "PATCH",
            AT_CHIYODA + "/residents/" + card.getString("residentCode"),
            new JsonObject()
                .put("addressRest", "千代田2丁目2番2号")
                .put("reason", "住所訂正")
                .put("effectiveOn", java.time.LocalDate.now().toString())
                .encode(),
            null);
    assertThat(corrected.statusCode()).as(corrected.body()).isEqualTo(200);
    assertThat(
            eventually(
                () -> ocsp(signCa, sign, "bank-demo", true),
                answer -> answer.contains(": revoked")))
        .contains("Reason: affiliationChanged");
    assertThat(ocsp(authCa, auth, "bank-demo", true)).contains(": good");
    JsonObject verified =
        json(
            send(
                "bank-demo",
                "POST",
                "/v1/jpki/verify",
                new JsonObject()
                    .put("certificate", card.getJsonObject("sign").getString("certificate"))
                    .encode(),
                null));
    assertThat(verified.getString("status")).isEqualTo("revoked");
    assertThat(verified.getString("reason")).isEqualTo("affiliationChanged");

    // A new card supersedes the old one: its certificates are revoked, the new ones good.
    HttpResponse<String> renewed =
        issue(card.getString("residentCode"), "demo-sign-NEW2024", "demo-auth-9876");
    assertThat(renewed.statusCode()).as(renewed.body()).isEqualTo(201);
    assertThat(new JsonObject(renewed.body()).getJsonArray("superseded"))
        .containsExactly(serial(card, "auth"));
    assertThat(
            eventually(
                () -> ocsp(authCa, auth, "bank-demo", true),
                answer -> answer.contains(": revoked")))
        .contains("Reason: superseded");
  }

  @Test
  void should_follow_a_revocation_that_commits_after_a_later_numbered_one() throws Exception {
    JsonObject first = card("小林　八郎", "コバヤシ　ハチロウ", "1975-03-03", "male");
    JsonObject second = card("加藤　九郎", "カトウ　クロウ", "1966-06-06", "male");
    Path firstAuth = write("late-auth.pem", first.getJsonObject("auth").getString("certificate"));
    Path secondAuth =
        write("early-auth.pem", second.getJsonObject("auth").getString("certificate"));
    String revoke =
        "UPDATE jpki.certificate SET revoked_at = now(), reason = 1, revocation_seq = nextval('jpki.revocation_seq')"
            + " WHERE serial = ?";
    try (Connection slow = database.dataSource().getConnection();
        Connection quick = database.dataSource().getConnection()) {
      // The first takes its revocation number, then waits; the second takes the next one and
      // commits.
      slow.setAutoCommit(false);
      try (PreparedStatement statement = slow.prepareStatement(revoke)) {
        statement.setLong(1, Long.parseLong(serial(first, "auth"), 16));
        statement.executeUpdate();
      }
      try (PreparedStatement statement = quick.prepareStatement(revoke)) {
        statement.setLong(1, Long.parseLong(serial(second, "auth"), 16));
        statement.executeUpdate();
      }
      eventually(
          () -> ocsp(authCa, secondAuth, "bank-demo", true),
          answer -> answer.contains(": revoked"));
      Thread.sleep(1500); // the publisher has passed over the number still uncommitted
      slow.commit();
    }
    assertThat(
            eventually(
                () -> ocsp(authCa, firstAuth, "bank-demo", true),
                answer -> answer.contains(": revoked")))
        .as("a revocation numbered before one already followed is not skipped")
        .contains("Reason: keyCompromise");
  }

  @Test
  void should_verify_with_a_pairwise_subject_id_and_meter_every_check_per_relying_party()
      throws Exception {
    JsonObject card = card("山本\u3000六郎", "ヤマモト\u3000ロクロウ", "1995-12-24", "male");
    String authPem = card.getJsonObject("auth").getString("certificate");
    JsonObject atBank =
        json(
            send(
                "bank-demo",
                "POST",
                "/v1/jpki/verify",
                new JsonObject().put("certificate", authPem).encode(),
                null));
    JsonObject atBankAgain =
        json(
            send(
                "bank-demo",
                "POST",
                "/v1/jpki/verify",
                new JsonObject().put("certificate", authPem).encode(),
                null));
    JsonObject atTax =
        json(
            send(
                "nta",
                "POST",
                "/v1/jpki/verify",
                new JsonObject().put("certificate", authPem).encode(),
                null));
    assertThat(atBank.getString("status")).isEqualTo("good");
    assertThat(atBank.getString("type")).isEqualTo("auth");
    assertThat(atBank.getString("subjectId"))
        .isNotBlank()
        .isEqualTo(atBankAgain.getString("subjectId"));
    assertThat(atTax.getString("subjectId"))
        .as("unlinkable across relying parties")
        .isNotEqualTo(atBank.getString("subjectId"));
    assertThat(atBank.encode())
        .doesNotContain(serial(card, "auth"))
        .doesNotContain(card.getString("residentCode"));

    JsonObject sign =
        json(
            send(
                "bank-demo",
                "POST",
                "/v1/jpki/verify",
                new JsonObject()
                    .put("certificate", card.getJsonObject("sign").getString("certificate"))
                    .encode(),
                null));
    assertThat(sign.getString("status")).isEqualTo("good");
    assertThat(sign.containsKey("subjectId"))
        .as("the signing certificate carries the 4 info itself")
        .isFalse();

    HttpResponse<String> garbage =
        send(
            "bank-demo",
            "POST",
            "/v1/jpki/verify",
            "{\"certificate\":\"-----BEGIN CERTIFICATE-----\\nAAAA\"}",
            null);
    assertThat(new JsonObject(garbage.body()).getString("code")).isEqualTo("INVALID_CERTIFICATE");
    String foreign = Files.readString(data.resolve("keys/jpki-sign-ca.crt"));
    JsonObject notOurs =
        json(
            send(
                "bank-demo",
                "POST",
                "/v1/jpki/verify",
                new JsonObject().put("certificate", foreign).encode(),
                null));
    assertThat(notOurs.getString("status"))
        .as("a CA certificate is no card certificate")
        .isEqualTo("unknown");

    ocsp(authCa, write("metered-auth.pem", authPem), "bank-demo", true);
    String month = YearMonth.now(ZoneId.of("Asia/Tokyo")).toString();
    JsonObject own = json(send("bank-demo", "GET", "/v1/jpki/usage?month=" + month, null, null));
    assertThat(own.getJsonArray("verifiers")).hasSize(1);
    JsonObject bank = own.getJsonArray("verifiers").getJsonObject(0);
    assertThat(bank.getString("corporateNumber")).isEqualTo("5011001099999");
    assertThat(bank.getJsonObject("checks").getJsonObject("verify").getLong("auth"))
        .isGreaterThanOrEqualTo(2L);
    assertThat(bank.getJsonObject("checks").getJsonObject("ocsp").getLong("auth"))
        .isGreaterThanOrEqualTo(1L);
    JsonObject all = json(send("jlis", "GET", "/v1/jpki/usage?month=" + month, null, null));
    assertThat(all.getJsonArray("verifiers").size())
        .as("J-LIS sees every party")
        .isGreaterThanOrEqualTo(2);
    assertThat(send("bank-demo", "GET", "/v1/jpki/usage?month=2026-13", null, null).statusCode())
        .isEqualTo(400);

    String metrics =
        HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.opsPort() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(metrics)
        .contains("hub_jpki_checks_total{")
        .contains("verifier=\"5011001099999\"")
        .contains("hub_jpki_crl_age_seconds");
  }

  // --- helpers -------------------------------------------------------------------------------

  /** A resident born in Chiyoda, with a card; the answer plus the resident code. */
  static JsonObject card(String kanji, String kana, String birthDate, String sex) throws Exception {
    String residentCode = born(kanji, kana, birthDate, sex);
    HttpResponse<String> issued = issue(residentCode, "demo-sign-PIN2024", "demo-auth-4321");
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
    return new JsonObject(issued.body()).put("residentCode", residentCode);
  }

  private static String born(String kanji, String kana, String birthDate, String sex)
      throws Exception {
    String birth =
        new JsonObject()
            .put("event", "birth")
            .put("name", new JsonObject().put("kanji", kanji).put("kana", kana))
            .put("birthDate", birthDate)
            .put("sex", sex)
            .put("addressRest", "千代田1丁目1番1号")
            .encode();
    HttpResponse<String> registered =
        send(CHIYODA, "POST", AT_CHIYODA + "/residents", birth, UUID.randomUUID().toString());
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    String code = new JsonObject(registered.body()).getString("residentCode");
    // Register-driven revocation happens at the national tier: the person must have arrived there.
    eventually(
        () ->
            TestDatabases.scalar(
                database, "SELECT count(*) FROM national.identity WHERE resident_code = ?", code),
        n -> Long.valueOf(1L).equals(n));
    return code;
  }

  private static HttpResponse<String> issue(String residentCode, String signPin, String authPin)
      throws Exception {
    return send(
        CHIYODA,
        "POST",
        AT_CHIYODA + "/residents/" + residentCode + "/certificates",
        pins(signPin, authPin),
        null);
  }

  private static String pins(String sign, String auth) {
    return new JsonObject().put("signPin", sign).put("authPin", auth).encode();
  }

  static String serial(JsonObject card, String type) {
    return card.getJsonObject(type).getString("serial");
  }

  /** {@code openssl ocsp} against the hub, verifying the answer with the CA; stdout and stderr. */
  static String ocsp(Path ca, Path certificate, String body, boolean noNonce) {
    java.util.List<String> args =
        new java.util.ArrayList<>(
            java.util.List.of(
                "ocsp",
                "-issuer",
                ca.toString(),
                "-cert",
                certificate.toString(),
                "-url",
                ocspUrl(),
                "-header",
                "X-Jukihub-Body=" + body,
                "-header",
                "X-Jukihub-Operator=op-1",
                "-CAfile",
                ca.toString()));
    if (noNonce) {
      args.add("-no_nonce");
    }
    OpensslCommand.Result result = OpensslCommand.run(args.toArray(String[]::new));
    assertThat(result.stdout() + result.stderr()).doesNotContain("Response Verify Failure");
    return result.stdout() + result.stderr();
  }

  private static String ocspUrl() {
    return "http://127.0.0.1:" + hub.apiPort() + "/v1/jpki/ocsp";
  }

  /**
   * Tries until {@code done} holds, for at most the 60 s a revocation may take to reach relying
   * parties.
   */
  private static <T> T eventually(
      Eventually.Attempt<T> attempt, java.util.function.Predicate<T> done) throws Exception {
    return Eventually.until(
        REVOCATION_DEADLINE, "the revocation reaches relying parties", attempt, done);
  }

  static HttpRequest.Builder request(String body, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.apiPort() + path))
        .header("X-Jukihub-Body", body)
        .header("X-Jukihub-Operator", "op-1");
  }

  static HttpResponse<String> send(
      String body, String method, String path, String json, String idempotencyKey)
      throws Exception {
    HttpRequest.Builder request =
        request(body, path)
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
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] bytes(String body, String path) throws Exception {
    HttpResponse<byte[]> answer =
        HTTP.send(request(body, path).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/pkix-crl");
    return answer.body();
  }

  private static JsonObject json(HttpResponse<String> answer) {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return new JsonObject(answer.body());
  }

  static X509Certificate certificate(String pem) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }

  private static byte[] pem(X509Certificate certificate) {
    return jp.jukihub.gateway.tls.Pem.certificate(certificate).getBytes(StandardCharsets.US_ASCII);
  }

  static Path write(String name, String text) throws Exception {
    return Files.writeString(files.resolve(name), text);
  }

  private static Path write(String name, byte[] bytes) throws Exception {
    return Files.write(files.resolve(name), bytes);
  }
}
