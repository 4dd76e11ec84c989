package jp.jukihub.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import jp.jukihub.gateway.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BodyCertificateAuthorityTest {
  private static final Instant NOW = Instant.parse("2026-04-01T00:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

  @TempDir Path directory;

  private BodyCertificateAuthority ca() {
    return BodyCertificateAuthority.loadOrCreate(
        directory.resolve("body-ca.key"), directory.resolve("body-ca.crt"), CLOCK);
  }

  @Test
  void should_create_the_ca_with_an_owner_only_pkcs8_key_once_and_load_the_same_ca_after()
      throws Exception {
    X509Certificate created = ca().certificate();
    Path key = directory.resolve("body-ca.key");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----\n");
    assertThat(ca().certificate()).isEqualTo(created);
    assertThat(created.getBasicConstraints()).as("a CA that signs end certificates only").isZero();
    assertThat(created.getKeyUsage()[5]).as("keyCertSign").isTrue();
    assertThat(created.getPublicKey().getAlgorithm()).isEqualTo("EC");
    assertThat(Files.list(directory)).as("no temporary file left behind").hasSize(2);
  }

  @Test
  void should_issue_a_client_certificate_that_names_its_body_for_client_authentication_only()
      throws Exception {
    BodyCertificateAuthority ca = ca();
    X509Certificate issued =
        ca.issueBodyCertificate("jps", BodyCertificateAuthority.DEFAULT_VALIDITY).certificate();

    assertThat(BodyCertificate.bodyId(issued)).hasValue("jps");
    assertThat(issued.getSubjectX500Principal().getName()).contains("CN=jps");
    assertThat(issued.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
    assertThat(issued.getKeyUsage()[0]).as("digitalSignature").isTrue();
    assertThat(issued.getBasicConstraints()).as("not a CA").isEqualTo(-1);
    assertThat(issued.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(397)));
    assertThat(issued.getSerialNumber().bitLength())
        .as("a random 128-bit serial")
        .isBetween(100, 128);
    assertThat(ca.issued(issued)).isTrue();
    issued.verify(ca.certificate().getPublicKey());
  }

  @Test
  void should_give_every_certificate_its_own_serial_and_key() {
    BodyCertificateAuthority ca = ca();
    IssuedCertificate first = ca.issueBodyCertificate("jps", Duration.ofDays(1));
    IssuedCertificate second = ca.issueBodyCertificate("jps", Duration.ofDays(1));
    assertThat(first.certificate().getSerialNumber())
        .isNotEqualTo(second.certificate().getSerialNumber());
    assertThat(first.certificate().getPublicKey())
        .isNotEqualTo(second.certificate().getPublicKey());
  }

  @Test
  void should_issue_a_server_certificate_for_its_names_and_server_authentication_only()
      throws Exception {
    X509Certificate server =
        ca().issueServerCertificate(List.of("hub.example.jp", "127.0.0.1"), Duration.ofDays(30))
            .certificate();
    assertThat(server.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
    assertThat(server.getSubjectAlternativeNames())
        .containsExactlyInAnyOrder(List.of(2, "hub.example.jp"), List.of(7, "127.0.0.1"));
    assertThat(BodyCertificate.bodyId(server)).as("a server certificate names no body").isEmpty();
  }

  @Test
  void should_never_issue_a_certificate_that_outlives_its_ca() {
    ca();
    Instant late = NOW.plus(Duration.ofDays(3650));
    BodyCertificateAuthority later =
        BodyCertificateAuthority.loadOrCreate(
            directory.resolve("body-ca.key"),
            directory.resolve("body-ca.crt"),
            Clock.fixed(late, ZoneOffset.UTC));
    X509Certificate issued = later.issueBodyCertificate("jps", Duration.ofDays(397)).certificate();
    assertThat(issued.getNotAfter()).isEqualTo(later.certificate().getNotAfter());
  }

  @Test
  void should_refuse_to_start_a_new_ca_when_one_of_its_files_is_left() throws Exception {
    ca();
    Files.delete(directory.resolve("body-ca.crt"));
    assertThatThrownBy(this::ca)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("only " + directory.resolve("body-ca.key") + " exists");
  }

  @Test
  void should_refuse_a_ca_certificate_that_belongs_to_another_key() throws Exception {
    ca();
    Path other = directory.resolve("other");
    BodyCertificateAuthority.loadOrCreate(other.resolve("ca.key"), other.resolve("ca.crt"), CLOCK);
    Files.copy(
        other.resolve("ca.crt"),
        directory.resolve("body-ca.crt"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(this::ca)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("is not the body CA of the key");
  }

  @Test
  void should_issue_with_the_first_ca_and_trust_every_one_when_the_file_holds_a_rollover()
      throws Exception {
    X509Certificate old = ca().certificate();
    Path next = directory.resolve("next");
    BodyCertificateAuthority fresh =
        BodyCertificateAuthority.loadOrCreate(
            next.resolve("ca.key"), next.resolve("ca.crt"), CLOCK);
    Files.writeString(
        next.resolve("ca.crt"), Pem.certificate(fresh.certificate()) + Pem.certificate(old));

    BodyCertificateAuthority rolling =
        BodyCertificateAuthority.loadOrCreate(
            next.resolve("ca.key"), next.resolve("ca.crt"), CLOCK);
    assertThat(rolling.trusted()).containsExactly(fresh.certificate(), old);
    assertThat(
            rolling.issued(rolling.issueBodyCertificate("nta", Duration.ofDays(1)).certificate()))
        .isTrue();
    Path bundle = directory.resolve("ca-bundle.crt");
    rolling.writeTrusted(bundle);
    assertThat(BodyCertificateAuthority.trustedIn(bundle))
        .containsExactly(fresh.certificate(), old);
  }
}
