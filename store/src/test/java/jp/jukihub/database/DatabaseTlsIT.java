package jp.jukihub.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.Pool;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertPathBuilderException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * verify-full against a real TLS server, for both the Vert.x pool and JDBC: the connection is
 * encrypted when the server's certificate chains to the URL's {@code sslrootcert} and names the
 * host, and refused when it chains to another CA or names another host. Certificates come from the
 * {@code openssl} command line; the servers are embedded PostgreSQL 15 with zonky's defaults (trust
 * on loopback: the test is about the channel, not the login).
 */
class DatabaseTlsIT {
  private static final String SSL_IN_USE =
      "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()";

  /** The pg client drops the handshake's cause: its reason shows only in the Netty debug log. */
  private static final String VERTX_HANDSHAKE_FAILED = "SSL handshake failed";

  private static final AtomicInteger POOLS = new AtomicInteger();

  @TempDir static Path directory;

  private static Path rightCa;
  private static Path otherCa;
  private static EmbeddedPostgres namedLocalhost;
  private static EmbeddedPostgres namedElsewhere;
  private static Vertx vertx;

  @BeforeAll
  static void startServers() throws Exception {
    rightCa = certificateAuthority("right-ca", "Juki Hub test CA");
    otherCa = certificateAuthority("other-ca", "Someone else's CA");
    Path localhost = serverCertificate("localhost", rightCa, "DNS:localhost,IP:127.0.0.1");
    Path elsewhere = serverCertificate("elsewhere", rightCa, "DNS:db.example.invalid");
    namedLocalhost = tlsServer(localhost);
    namedElsewhere = tlsServer(elsewhere);
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopServers() throws Exception {
    if (vertx != null) {
      await(vertx.close());
    }
    for (EmbeddedPostgres server : new EmbeddedPostgres[] {namedLocalhost, namedElsewhere}) {
      if (server != null) {
        server.close();
      }
    }
  }

  @Test
  void should_connect_encrypted_through_the_pool_when_the_certificate_chains_to_sslrootcert()
      throws Exception {
    assertThat(sslInUseThroughPool(verifyFull(namedLocalhost, rightCa))).isTrue();
  }

  @Test
  void should_connect_encrypted_through_jdbc_when_the_certificate_chains_to_sslrootcert()
      throws Exception {
    assertThat(sslInUseThroughJdbc(verifyFull(namedLocalhost, rightCa))).isTrue();
  }

  @Test
  void should_refuse_the_server_through_the_pool_when_its_certificate_chains_to_another_ca() {
    DatabaseTarget target = verifyFull(namedLocalhost, otherCa);
    assertThatThrownBy(() -> sslInUseThroughPool(target))
        .isInstanceOf(ExecutionException.class)
        .hasRootCauseMessage(VERTX_HANDSHAKE_FAILED);
  }

  @Test
  void should_refuse_the_server_through_jdbc_when_its_certificate_chains_to_another_ca() {
    DatabaseTarget target = verifyFull(namedLocalhost, otherCa);
    assertThatThrownBy(() -> sslInUseThroughJdbc(target))
        .isInstanceOf(SQLException.class)
        .hasRootCauseInstanceOf(CertPathBuilderException.class);
  }

  @Test
  void should_refuse_the_server_through_the_pool_when_its_certificate_names_another_host()
      throws Exception {
    DatabaseTarget target = verifyFull(namedElsewhere, rightCa);
    PgConnectOptions chainOnly =
        target
            .connectOptions()
            .setSslMode(SslMode.VERIFY_CA)
            .setSslOptions(
                new ClientSSLOptions()
                    .setHostnameVerificationAlgorithm("")
                    .setTrustOptions(new PemTrustOptions().addCertPath(rightCa.toString())));
    assertThat(sslInUse(chainOnly))
        .as("the certificate chains to the right CA: only its name is wrong")
        .isTrue();
    assertThatThrownBy(() -> sslInUseThroughPool(target))
        .isInstanceOf(ExecutionException.class)
        .hasRootCauseMessage(VERTX_HANDSHAKE_FAILED);
  }

  @Test
  void should_refuse_the_server_through_jdbc_when_its_certificate_names_another_host()
      throws Exception {
    assertThat(sslInUseThroughJdbc(inTheClear(namedElsewhere)))
        .as("the server is up, and disable on loopback means in the clear")
        .isFalse();
    DatabaseTarget target = verifyFull(namedElsewhere, rightCa);
    assertThatThrownBy(() -> sslInUseThroughJdbc(target))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("hostname localhost could not be verified");
  }

  private static DatabaseTarget verifyFull(EmbeddedPostgres server, Path ca) {
    return DatabaseTarget.fromUri(
        "postgresql://postgres@localhost:"
            + server.getPort()
            + "/postgres?sslmode=verify-full&sslrootcert="
            + ca);
  }

  private static DatabaseTarget inTheClear(EmbeddedPostgres server) {
    return DatabaseTarget.fromUri(
        "postgresql://postgres@localhost:" + server.getPort() + "/postgres?sslmode=disable");
  }

  private static boolean sslInUseThroughPool(DatabaseTarget target) throws Exception {
    // Pools are shared by name: each gets its own, or a later one would reuse an earlier's
    // connections (and their TLS settings).
    StorePool pool = StorePool.open(vertx, target, 1, "tls-test-" + POOLS.incrementAndGet());
    try {
      return await(
          pool.pool()
              .query(SSL_IN_USE)
              .execute()
              .map(rows -> rows.iterator().next().getBoolean(0)));
    } finally {
      await(pool.close());
    }
  }

  private static boolean sslInUse(PgConnectOptions options) throws Exception {
    Pool pool = PgBuilder.pool().connectingTo(options).using(vertx).build();
    try {
      return await(
          pool.query(SSL_IN_USE).execute().map(rows -> rows.iterator().next().getBoolean(0)));
    } finally {
      await(pool.close());
    }
  }

  private static boolean sslInUseThroughJdbc(DatabaseTarget target) throws SQLException {
    try (Connection connection = target.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(SSL_IN_USE)) {
      rows.next();
      return rows.getBoolean(1);
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static EmbeddedPostgres tlsServer(Path certificate) throws IOException {
    return EmbeddedPostgres.builder()
        .setPGStartupWait(Duration.ofSeconds(60))
        .setServerConfig("listen_addresses", "localhost")
        .setServerConfig("ssl", "on")
        .setServerConfig("ssl_cert_file", certificate.toString())
        .setServerConfig("ssl_key_file", keyOf(certificate).toString())
        .start();
  }

  /** A self-signed CA: {@code name.pem} and its key beside it. */
  private static Path certificateAuthority(String name, String commonName) throws Exception {
    Path certificate = directory.resolve(name + ".pem");
    openssl(
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        keyOf(certificate).toString(),
        "-out",
        certificate.toString(),
        "-days",
        "2",
        "-subj",
        "/CN=" + commonName,
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign");
    ownerOnly(keyOf(certificate));
    return certificate;
  }

  /** A server certificate for {@code subjectAltName}, signed by {@code ca}. */
  private static Path serverCertificate(String name, Path ca, String subjectAltName)
      throws Exception {
    Path certificate = directory.resolve(name + ".pem");
    Path request = directory.resolve(name + ".csr");
    Path extensions = directory.resolve(name + ".ext");
    openssl(
        "req",
        "-new",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        keyOf(certificate).toString(),
        "-out",
        request.toString(),
        "-subj",
        "/CN=" + name);
    ownerOnly(keyOf(certificate));
    Files.writeString(
        extensions,
        "subjectAltName=" + subjectAltName + "\nextendedKeyUsage=serverAuth\n",
        StandardCharsets.UTF_8);
    openssl(
        "x509",
        "-req",
        "-in",
        request.toString(),
        "-CA",
        ca.toString(),
        "-CAkey",
        keyOf(ca).toString(),
        "-set_serial",
        String.valueOf(System.nanoTime()),
        "-days",
        "2",
        "-out",
        certificate.toString(),
        "-extfile",
        extensions.toString());
    return certificate;
  }

  private static Path keyOf(Path certificate) {
    return certificate.resolveSibling(certificate.getFileName().toString().replace(".pem", ".key"));
  }

  /** PostgreSQL refuses a key file anyone but its owner may read. */
  private static void ownerOnly(Path key) throws IOException {
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
  }

  private static void openssl(String... arguments) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("openssl"));
    command.addAll(List.of(arguments));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("openssl.log").toFile())
            .start();
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IllegalStateException(
          String.join(" ", command)
              + " failed:\n"
              + Files.readString(directory.resolve("openssl.log")));
    }
  }
}
