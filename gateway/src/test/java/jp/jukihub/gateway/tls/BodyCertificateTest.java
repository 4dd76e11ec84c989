package jp.jukihub.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BodyCertificateTest {
  @TempDir Path directory;

  @Test
  void should_read_the_body_from_the_one_body_uri_when_the_certificate_names_one() {
    BodyCertificateAuthority ca =
        BodyCertificateAuthority.loadOrCreate(
            directory.resolve("k"), directory.resolve("c"), Clock.systemUTC());
    X509Certificate certificate =
        ca.issueBodyCertificate("lg-131016", Duration.ofDays(1)).certificate();
    assertThat(BodyCertificate.bodyId(certificate)).hasValue("lg-131016");
  }

  @Test
  void should_name_no_body_when_the_certificate_has_no_body_uri() {
    BodyCertificateAuthority ca =
        BodyCertificateAuthority.loadOrCreate(
            directory.resolve("k"), directory.resolve("c"), Clock.systemUTC());
    // Its common name could spell a body id; only the URI counts.
    X509Certificate server =
        ca.issueServerCertificate(List.of("jps", "localhost"), Duration.ofDays(1)).certificate();
    assertThat(BodyCertificate.bodyId(server)).isEmpty();
    assertThat(BodyCertificate.bodyId(ca.certificate()))
        .as("no alternative names at all")
        .isEmpty();
  }

  @Test
  void should_spell_the_uri_with_the_body_id_after_the_prefix() {
    assertThat(BodyCertificate.uriOf("jps")).isEqualTo("urn:jukihub:body:jps");
  }
}
