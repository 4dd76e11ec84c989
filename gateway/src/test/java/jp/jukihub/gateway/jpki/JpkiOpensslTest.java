package jp.jukihub.gateway.jpki;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import jp.jukihub.gateway.jpki.JpkiAuthority.Type;
import jp.jukihub.gateway.tls.Pem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** OpenSSL 3, the relying parties' everyday tool, reads and verifies what the issuer writes. */
class JpkiOpensslTest {
  @TempDir static Path directory;
  private static JpkiFixture jpki;

  @BeforeAll
  static void createAuthorities() throws Exception {
    jpki = JpkiFixture.in(directory);
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    for (Type type : Type.values()) {
      X509Certificate certificate =
          jpki.issuer()
              .issue(
                  type,
                  JpkiKeys.generate().getPublic(),
                  JpkiFixture.HOLDER,
                  new BigInteger("4a50b1", 16),
                  3,
                  now.minusSeconds(60),
                  CardValidity.notAfter(JpkiFixture.HOLDER.birthDate(), now));
      Files.writeString(pem(type, "card"), Pem.certificate(certificate));
      Files.writeString(pem(type, "ca"), Pem.certificate(jpki.authority(type).certificate()));
    }
  }

  private static Path pem(Type type, String what) {
    return directory.resolve(type.label() + "-" + what + ".pem");
  }

  @ParameterizedTest
  @CsvSource({
    "SIGN, 1.2.392.200149.8.5.1.1.20, 'Digital Signature, Non Repudiation'",
    "AUTH, 1.2.392.200149.8.5.1.3.30, Digital Signature"
  })
  void should_print_the_policy_key_usage_and_revocation_urls_when_read_by_openssl(
      Type type, String policy, String keyUsage) {
    OpensslCommand.Result read =
        OpensslCommand.run("x509", "-in", pem(type, "card").toString(), "-noout", "-text");

    assertThat(read.exitCode()).as(read.stderr()).isZero();
    assertThat(read.stdout())
        .contains("Policy: " + policy)
        .contains("X509v3 Key Usage: critical\n                " + keyUsage + "\n")
        .contains("X509v3 Basic Constraints: critical\n                CA:FALSE")
        .contains("URI:http://127.0.0.1:8080/v1/jpki/crl/" + type.label() + "/3")
        .contains("OCSP - URI:http://127.0.0.1:8080/v1/jpki/ocsp")
        .contains("Subject: C = JP, O = JPKI (Juki Hub), CN = 4A50B1");
  }

  @Test
  void should_show_the_subject_alt_name_to_openssl_on_the_signing_certificate_only() {
    assertThat(
            OpensslCommand.run("x509", "-in", pem(Type.SIGN, "card").toString(), "-noout", "-text")
                .stdout())
        .contains("X509v3 Subject Alternative Name")
        .contains("othername: 1.2.392.200149.8.5.5.1");
    assertThat(
            OpensslCommand.run("x509", "-in", pem(Type.AUTH, "card").toString(), "-noout", "-text")
                .stdout())
        .doesNotContain("X509v3 Subject Alternative Name")
        .contains("TLS Web Client Authentication");
  }

  @ParameterizedTest
  @EnumSource(Type.class)
  void should_verify_with_openssl_against_its_own_ca_only(Type type) {
    Type other = type == Type.SIGN ? Type.AUTH : Type.SIGN;

    OpensslCommand.Result own =
        OpensslCommand.run(
            "verify", "-CAfile", pem(type, "ca").toString(), pem(type, "card").toString());
    OpensslCommand.Result wrong =
        OpensslCommand.run(
            "verify", "-CAfile", pem(other, "ca").toString(), pem(type, "card").toString());

    assertThat(own.exitCode()).as(own.stdout() + own.stderr()).isZero();
    assertThat(own.stdout()).isEqualTo(pem(type, "card") + ": OK\n");
    assertThat(wrong.exitCode()).isNotZero();
  }
}
