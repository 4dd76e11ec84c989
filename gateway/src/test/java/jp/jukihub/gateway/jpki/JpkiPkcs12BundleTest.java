package jp.jukihub.gateway.jpki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.jukihub.gateway.tls.Pem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JpkiPkcs12BundleTest {
  private static final String PIN = "Ab3456789";
  private static final Pattern PRIVATE_KEY =
      Pattern.compile(
          "-----BEGIN PRIVATE KEY-----\n(.+?)-----END PRIVATE KEY-----", Pattern.DOTALL);

  @TempDir static Path directory;
  private static KeyPair cardKey;
  private static X509Certificate certificate;
  private static X509Certificate ca;
  private static Path bundle;

  @BeforeAll
  static void writeBundle() throws IOException {
    JpkiFixture jpki = JpkiFixture.in(directory);
    cardKey = JpkiKeys.generate();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    certificate =
        jpki.issuer()
            .issue(
                JpkiAuthority.Type.SIGN,
                cardKey.getPublic(),
                JpkiFixture.HOLDER,
                BigInteger.TEN,
                0,
                now,
                CardValidity.notAfter(JpkiFixture.HOLDER.birthDate(), now));
    ca = jpki.sign().certificate();
    bundle = directory.resolve("card.p12");
    Files.write(
        bundle,
        Pkcs12Bundle.write(cardKey.getPrivate(), certificate, ca, PIN.toCharArray(), "sign"));
  }

  @Test
  void should_hold_the_key_and_the_chain_under_the_alias_when_read_by_the_jdk() throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(new ByteArrayInputStream(Files.readAllBytes(bundle)), PIN.toCharArray());

    assertThat(store.aliases().asIterator()).toIterable().containsExactly("sign");
    assertThat(store.getKey("sign", PIN.toCharArray())).isEqualTo(cardKey.getPrivate());
    assertThat(store.getCertificateChain("sign")).containsExactly(certificate, ca);
  }

  @Test
  void should_leave_the_callers_pin_for_the_caller_to_clear() {
    char[] pin = PIN.toCharArray();

    Pkcs12Bundle.write(cardKey.getPrivate(), certificate, ca, pin, "sign");

    assertThat(pin).containsExactly(PIN.toCharArray());
  }

  @Test
  void should_be_read_by_openssl_3_without_legacy_when_given_the_pin() throws Exception {
    OpensslCommand.Result read =
        OpensslCommand.run("pkcs12", "-in", bundle.toString(), "-passin", "pass:" + PIN, "-nodes");

    assertThat(read.exitCode()).as(read.stderr()).isZero();
    assertThat(read.stdout())
        .contains(Pem.certificate(certificate))
        .contains(Pem.certificate(ca))
        .contains("friendlyName: sign");
    Matcher key = PRIVATE_KEY.matcher(read.stdout());
    assertThat(key.find()).as("a private key in\n" + read.stdout()).isTrue();
    PrivateKey opensslKey =
        KeyFactory.getInstance("RSA")
            .generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(key.group(1))));
    assertThat(opensslKey).isEqualTo(cardKey.getPrivate());
  }

  @Test
  void should_encrypt_with_aes_256_and_check_with_hmac_sha256_when_inspected_by_openssl() {
    OpensslCommand.Result info =
        OpensslCommand.run(
            "pkcs12", "-in", bundle.toString(), "-passin", "pass:" + PIN, "-info", "-noout");

    assertThat(info.exitCode()).as(info.stderr()).isZero();
    assertThat(info.stdout() + info.stderr())
        .contains("MAC: sha256")
        .contains("Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC")
        .contains("PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC");
  }

  @Test
  void should_be_refused_by_openssl_when_given_a_wrong_pin() {
    OpensslCommand.Result read =
        OpensslCommand.run(
            "pkcs12", "-in", bundle.toString(), "-passin", "pass:Ab3456780", "-nodes");

    assertThat(read.exitCode()).isNotZero();
    assertThat(read.stdout()).doesNotContain("PRIVATE KEY");
  }

  @Test
  void should_refuse_an_empty_pin() {
    assertThatThrownBy(
            () -> Pkcs12Bundle.write(cardKey.getPrivate(), certificate, ca, new char[0], "sign"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
