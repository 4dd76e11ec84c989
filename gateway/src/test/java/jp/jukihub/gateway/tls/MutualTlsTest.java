package jp.jukihub.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import jp.jukihub.gateway.config.ConfigException;
import jp.jukihub.gateway.config.HubOptions;
import jp.jukihub.gateway.config.TlsOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MutualTlsTest {
  private static final Instant NOW = Instant.parse("2026-04-01T00:00:00Z");
  private static final HubOptions.Listener LOOPBACK = new HubOptions.Listener("127.0.0.1", 8443);

  @TempDir Path directory;

  private TlsOptions selfIssued(List<String> serverNames) {
    return new TlsOptions(
        directory.resolve("body-ca.crt"),
        directory.resolve("body-ca.key"),
        directory.resolve("server.crt"),
        directory.resolve("server.key"),
        true,
        serverNames);
  }

  private static Clock at(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }

  private X509Certificate serverCertificate() {
    return Pem.readCertificates(directory.resolve("server.crt")).get(0);
  }

  @Test
  void should_issue_the_server_certificate_at_first_start_and_keep_it_while_it_serves()
      throws Exception {
    MutualTls.prepare(selfIssued(List.of("hub.example.jp")), LOOPBACK, at(NOW));
    X509Certificate first = serverCertificate();
    assertThat(first.getSubjectAlternativeNames())
        .containsExactlyInAnyOrder(
            List.of(7, "127.0.0.1"), List.of(2, "localhost"), List.of(2, "hub.example.jp"));
    assertThat(Files.readString(directory.resolve("server.key")))
        .startsWith("-----BEGIN PRIVATE KEY-----");

    MutualTls.prepare(
        selfIssued(List.of("hub.example.jp")), LOOPBACK, at(NOW.plus(Duration.ofDays(300))));
    assertThat(serverCertificate()).as("still valid for months: kept").isEqualTo(first);
  }

  @Test
  void should_issue_a_new_server_certificate_when_names_change_or_it_nears_its_end() {
    MutualTls.prepare(selfIssued(List.of()), LOOPBACK, at(NOW));
    X509Certificate first = serverCertificate();

    MutualTls.prepare(selfIssued(List.of("10.0.0.5")), LOOPBACK, at(NOW));
    X509Certificate renamed = serverCertificate();
    assertThat(renamed).isNotEqualTo(first);

    MutualTls.prepare(
        selfIssued(List.of("10.0.0.5")), LOOPBACK, at(NOW.plus(Duration.ofDays(380))));
    assertThat(serverCertificate()).as("17 days left: renewed").isNotEqualTo(renamed);
  }

  @Test
  void should_name_this_machine_when_listening_on_every_address() throws Exception {
    List<String> names = MutualTls.serverNames(new HubOptions.Listener("0.0.0.0", 8443), List.of());
    assertThat(names).doesNotContain("0.0.0.0").contains("localhost", "127.0.0.1");
    assertThat(names.get(0)).isEqualTo(java.net.InetAddress.getLocalHost().getHostName());
  }

  @Test
  void should_need_only_the_ca_certificate_when_the_operator_brings_the_server_certificate()
      throws Exception {
    BodyCertificateAuthority ca =
        BodyCertificateAuthority.loadOrCreate(
            directory.resolve("offline.key"), directory.resolve("body-ca.crt"), at(NOW));
    ca.issueServerCertificate(List.of("hub.example.jp"), Duration.ofDays(90))
        .write(directory.resolve("own.crt"), directory.resolve("own.key"));
    Files.delete(directory.resolve("offline.key"));
    TlsOptions own =
        new TlsOptions(
            directory.resolve("body-ca.crt"),
            directory.resolve("body-ca.key"),
            directory.resolve("own.crt"),
            directory.resolve("own.key"),
            false,
            List.of());

    assertThat(MutualTls.prepare(own, LOOPBACK, at(NOW)).describe())
        .contains("CN=hub.example.jp")
        .contains("CN=Juki Hub body CA");
    assertThat(directory.resolve("body-ca.key")).as("no CA key was made").doesNotExist();

    Files.delete(directory.resolve("own.key"));
    assertThatThrownBy(() -> MutualTls.prepare(own, LOOPBACK, at(NOW)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("own.key");
  }
}
