package jp.jukihub.gateway.jpki;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import jp.jukihub.gateway.tls.Pem;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our answers to the real {@code openssl ocsp}: requests it wrote, answers it checked offline
 * against the CA certificate alone, as a relying party would.
 */
class OcspOpensslInteropTest {
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private static final Instant REVOKED_AT = NOW.minus(Duration.ofDays(2));

  @TempDir static Path directory;
  static OcspResponderFixture fixture;
  static InMemoryOcspStatusSource source;
  static OcspOpenssl signCa;
  static OcspOpenssl authCa;

  @BeforeAll
  static void start() throws Exception {
    fixture = new OcspResponderFixture(directory);
    source = new InMemoryOcspStatusSource();
    fixture.start(source, OcspResponderOptions.defaults());
    signCa =
        new OcspOpenssl(
            Files.createDirectories(directory.resolve("sign")), fixture.sign.certificate());
    authCa =
        new OcspOpenssl(
            Files.createDirectories(directory.resolve("auth")), fixture.auth.certificate());
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  @Test
  void should_be_read_as_good_when_a_presigned_good_answers_an_openssl_request() throws Exception {
    byte[] held = presign(JpkiAuthority.Type.SIGN, 1001, CertificateStatus.good());

    byte[] answer = fixture.answer(signCa.request("-serial", "1001", "-no_nonce"));

    assertThat(answer).isEqualTo(held);
    assertVerified(signCa.check(answer, "-serial", "1001", "-no_nonce")).contains("1001: good");
  }

  @Test
  void should_be_read_as_revoked_with_reason_and_time_when_presigned_revoked() throws Exception {
    presign(JpkiAuthority.Type.SIGN, 1002, CertificateStatus.revoked(REVOKED_AT, 1));

    byte[] answer = fixture.answer(signCa.request("-serial", "1002", "-no_nonce"));

    assertVerified(signCa.check(answer, "-serial", "1002", "-no_nonce"))
        .contains("1002: revoked")
        .contains("Reason: keyCompromise")
        .contains("Revocation Time: " + opensslTime(REVOKED_AT));
  }

  @Test
  void should_be_read_as_unknown_when_the_store_has_no_such_certificate() throws Exception {
    byte[] answer = fixture.answer(signCa.request("-serial", "999999", "-no_nonce"));

    assertVerified(signCa.check(answer, "-serial", "999999", "-no_nonce"))
        .contains("999999: unknown");
  }

  @Test
  void should_echo_the_nonce_openssl_sent_when_the_request_has_one() throws Exception {
    source.know(JpkiAuthority.Type.SIGN, 1003, CertificateStatus.good());
    byte[] held = presign(JpkiAuthority.Type.SIGN, 1003, CertificateStatus.good());
    byte[] request = signCa.request("-serial", "1003");

    byte[] answer = fixture.answer(request);

    assertVerified(signCa.checkAgainst(request, answer))
        .doesNotContain("nonce")
        .doesNotContain("Nonce");
    assertVerified(signCa.check(answer, "-serial", "1003", "-no_nonce")).contains("1003: good");
    assertThat(signCa.checkAgainst(request, held).output())
        .as("openssl does check: the held answer has no nonce")
        .contains("WARNING: no nonce in response");
  }

  @Test
  void should_answer_a_sha256_certid_as_asked_when_openssl_uses_sha256() throws Exception {
    source.know(JpkiAuthority.Type.AUTH, 2001, CertificateStatus.revoked(REVOKED_AT, 4));
    byte[] request = authCa.request("-sha256", "-serial", "2001");

    byte[] answer = fixture.answer(request);

    assertVerified(authCa.checkAgainst(request, answer))
        .doesNotContain("nonce")
        .doesNotContain("Nonce");
    assertVerified(authCa.check(answer, "-sha256", "-serial", "2001", "-no_nonce"))
        .contains("2001: revoked")
        .contains("Reason: superseded");
  }

  @Test
  void should_answer_every_certificate_when_openssl_asks_of_several_by_certificate()
      throws Exception {
    Path first = certificateFile(JpkiTestCertificates.issue(fixture.auth, 2002));
    Path second = certificateFile(JpkiTestCertificates.issue(fixture.auth, 2003));
    source.know(JpkiAuthority.Type.AUTH, 2002, CertificateStatus.good());
    source.know(JpkiAuthority.Type.AUTH, 2003, CertificateStatus.revoked(REVOKED_AT, 5));
    byte[] request =
        authCa.request("-cert", first.toString(), "-cert", second.toString(), "-no_nonce");

    byte[] answer = fixture.answer(request);

    assertVerified(
            authCa.check(
                answer, "-cert", first.toString(), "-cert", second.toString(), "-no_nonce"))
        .contains(first + ": good")
        .contains(second + ": revoked")
        .contains("Reason: cessationOfOperation");
  }

  private static byte[] presign(JpkiAuthority.Type type, long serial, CertificateStatus status) {
    OcspSigner signer = type == JpkiAuthority.Type.SIGN ? fixture.signSigner : fixture.authSigner;
    byte[] response = signer.presign(serial, status, NOW, NOW.plus(Duration.ofDays(1)));
    source.hold(type, serial, response);
    return response;
  }

  private static AbstractStringAssert<?> assertVerified(OcspOpenssl.Result result) {
    return assertThat(result.output())
        .as("openssl said: %s", result.output())
        .contains("Response verify OK")
        .doesNotContain("Response Verify Failure")
        .doesNotContain("WARNING");
  }

  private static Path certificateFile(X509Certificate certificate) throws Exception {
    Path file = directory.resolve("holder-" + certificate.getSerialNumber() + ".pem");
    Files.writeString(file, Pem.certificate(certificate), StandardCharsets.US_ASCII);
    return file;
  }

  /** openssl prints times as {@code Jan 2 03:04:05 2026 GMT}. */
  private static String opensslTime(Instant instant) {
    return DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy 'GMT'", Locale.ROOT)
        .withZone(ZoneOffset.UTC)
        .format(instant);
  }
}
