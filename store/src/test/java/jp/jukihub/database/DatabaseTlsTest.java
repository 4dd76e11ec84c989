package jp.jukihub.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Remote databases only over verified TLS; loopback may stay in the clear. */
class DatabaseTlsTest {
  @Test
  void should_speak_verified_tls_to_a_remote_server_by_default() {
    DatabaseTarget remote =
        DatabaseTarget.fromUri("postgresql://hub:secret@db.example.jp:5432/jukihub");
    assertThat(remote.tls().mode()).isEqualTo(DatabaseTls.VERIFY_FULL);
    PgConnectOptions options = remote.connectOptions();
    assertThat(options.getSslMode()).isEqualTo(SslMode.VERIFY_FULL);
    assertThat(options.getSslOptions().getHostnameVerificationAlgorithm()).isEqualTo("HTTPS");
    assertThat(remote.dataSource().getSslMode()).isEqualTo("verify-full");
    assertThat(remote.dataSource().getSslfactory())
        .as("the JDK's trusted CAs when the URL names none")
        .isEqualTo("org.postgresql.ssl.DefaultJavaSSLFactory");
  }

  @Test
  void should_trust_the_ca_the_url_names() {
    DatabaseTarget remote =
        DatabaseTarget.fromUri(
            "postgresql://hub:secret@10.0.0.5:5432/jukihub?sslmode=verify-full&sslrootcert=/etc/jukihub/db-ca.pem");
    assertThat(remote.tls().rootCert()).isEqualTo(Path.of("/etc/jukihub/db-ca.pem"));
    assertThat(remote.dataSource().getSslRootCert()).isEqualTo("/etc/jukihub/db-ca.pem");
    assertThat(remote.connectOptions().getSslOptions().getTrustOptions()).isNotNull();
    assertThat(DatabaseTarget.fromUri(remote.uriWithPassword()).tls()).isEqualTo(remote.tls());
  }

  @Test
  void should_refuse_anything_weaker_than_verify_full_for_a_remote_server() {
    for (String mode : new String[] {"disable", "prefer", "require", "verify-ca"}) {
      assertThatThrownBy(
              () ->
                  DatabaseTarget.fromUri("postgresql://hub@db.example.jp/jukihub?sslmode=" + mode))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("verify-full");
    }
    assertThatThrownBy(
            () -> DatabaseTarget.fromUri("postgresql://hub@db.example.jp/jukihub?ssl=true"))
        .hasMessageContaining("not understood");
  }

  @Test
  void should_leave_loopback_in_the_clear_unless_asked() {
    for (String host : new String[] {"127.0.0.1", "localhost", "[::1]"}) {
      DatabaseTarget local = DatabaseTarget.fromUri("postgresql://hub@" + host + ":5432/jukihub");
      assertThat(local.tls().encrypted()).as(host).isFalse();
      assertThat(local.connectOptions().getSslMode()).as(host).isEqualTo(SslMode.DISABLE);
    }
    assertThat(
            DatabaseTarget.fromUri("postgresql://hub@127.0.0.1/jukihub?sslmode=verify-full")
                .tls()
                .encrypted())
        .isTrue();
    // A name is not resolved to decide: only literal loopback and "localhost" count.
    assertThat(DatabaseTls.defaultFor("db-on-this-host").encrypted()).isTrue();
  }
}
