package jp.jukihub.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import jp.jukihub.gateway.HubServer;
import jp.jukihub.gateway.cli.HubCommandIT;
import jp.jukihub.gateway.config.HubConfigLoader;
import jp.jukihub.gateway.config.HubOptions;
import jp.jukihub.testing.Eventually;
import jp.jukihub.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A production hub (no development identity) over real TLS: bodies present client certificates
 * issued by {@code hub bodies issue-cert}, the client checks the hub's own certificate, and the
 * certificate alone says who is calling.
 */
class MutualTlsIT {
  private static final char[] PASSWORD = "test".toCharArray();
  @TempDir static Path data;
  static HubOptions options;
  static HubServer hub;
  static Path config;
  // The hub's clock: the wall clock, moved on by a test that needs a certificate to expire.
  static final ShiftedClock CLOCK = new ShiftedClock();

  @BeforeAll
  static void start() throws Exception {
    config = data.resolve("hub.yaml");
    Files.writeString(config, "data:\n  directory: " + data + "\nmetrics:\n  instance: mtls\n");
    options = HubConfigLoader.load(config, Map.of()).withFreeLoopbackPorts();
    hub =
        HubServer.start(
            options,
            TestDatabases.fresh(),
            false,
            HubServer.DURABLE_AUDIT,
            new HubServer.Time(CLOCK, System::nanoTime));
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @Test
  void should_answer_the_body_its_certificate_names_when_it_calls_over_mutual_tls()
      throws Exception {
    HttpResponse<String> answer =
        send(as("jps"), "/v1/bodies/me", Map.of("X-Jukihub-Operator", "officer-1"));
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(new JsonObject(answer.body()).getString("id")).isEqualTo("jps");
  }

  @Test
  void should_ignore_the_development_header_when_the_certificate_names_the_caller()
      throws Exception {
    HttpResponse<String> answer =
        send(
            as("lg-131016"),
            "/v1/bodies/me",
            Map.of("X-Jukihub-Operator", "clerk-1", "X-Jukihub-Body", "auditor"));
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(new JsonObject(answer.body()).getString("id")).isEqualTo("lg-131016");
  }

  @Test
  void should_answer_400_when_a_certified_caller_names_no_operator() throws Exception {
    HttpResponse<String> answer = send(as("jps"), "/v1/bodies/me", Map.of());
    assertProblem(answer, 400, "INVALID_REQUEST");
    assertThat(new JsonObject(answer.body()).getString("detail"))
        .contains("X-Jukihub-Operator is required");
  }

  @Test
  void should_answer_401_when_the_certificate_names_a_body_not_in_the_registry() throws Exception {
    IssuedCertificate ghost = hubCa().issueBodyCertificate("ghost", Duration.ofDays(1));
    HttpResponse<String> answer =
        send(client(ghost, caFile()), "/v1/bodies/me", Map.of("X-Jukihub-Operator", "x"));
    assertProblem(answer, 401, "UNAUTHENTICATED");
    assertThat(new JsonObject(answer.body()).getString("detail")).contains("not in the registry");
  }

  @Test
  void should_refuse_the_handshake_when_the_caller_presents_no_certificate() throws Exception {
    HttpClient anonymous = client(null, caFile());
    assertThatThrownBy(() -> send(anonymous, "/v1/bodies/me", Map.of("X-Jukihub-Operator", "x")))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> send(anonymous, "/openapi.yaml", Map.of()))
        .as("the description is public to bodies, but the handshake comes first")
        .isInstanceOf(IOException.class);
  }

  @Test
  void should_refuse_the_handshake_when_the_certificate_comes_from_another_ca() throws Exception {
    BodyCertificateAuthority other =
        BodyCertificateAuthority.loadOrCreate(
            data.resolve("other/ca.key"), data.resolve("other/ca.crt"), Clock.systemUTC());
    HttpClient impostor = client(other.issueBodyCertificate("jps", Duration.ofDays(1)), caFile());
    assertThatThrownBy(() -> send(impostor, "/v1/bodies/me", Map.of("X-Jukihub-Operator", "x")))
        .isInstanceOf(IOException.class);
  }

  @Test
  void should_refuse_the_handshake_when_the_certificate_is_not_for_client_authentication()
      throws Exception {
    // The hub's own server certificate, from the right CA but for server authentication only.
    IssuedCertificate server =
        hubCa().issueServerCertificate(java.util.List.of("localhost"), Duration.ofDays(1));
    assertThatThrownBy(
            () ->
                send(client(server, caFile()), "/v1/bodies/me", Map.of("X-Jukihub-Operator", "x")))
        .isInstanceOf(IOException.class);
  }

  @Test
  void should_refuse_a_certificate_on_its_next_request_once_revoke_cert_names_its_serial()
      throws Exception {
    HttpClient prefecture = as("pref-13");
    Map<String, String> operator = Map.of("X-Jukihub-Operator", "clerk-1");
    assertThat(send(prefecture, "/v1/bodies/me", operator).statusCode()).isEqualTo(200);
    String serial =
        readCertificate(data.resolve("certs/pref-13/pref-13.crt")).getSerialNumber().toString(16);

    HubCommandIT.Result revoked =
        HubCommandIT.run("bodies", "revoke-cert", serial, "--config", config.toString());
    assertThat(revoked.exitCode()).as(revoked.err()).isZero();
    assertThat(revoked.out()).contains("revoked serial " + serial);

    // The same client, its connection kept open: refused from the next request on.
    HttpResponse<String> refused =
        Eventually.until(
            Duration.ofSeconds(10),
            "the hub takes the new CRL",
            () -> send(prefecture, "/v1/bodies/me", operator),
            answer -> answer.statusCode() != 200);
    assertProblem(refused, 401, "UNAUTHENTICATED");
    // The serial in byte pairs: written plain, one serial in a few dozen holds eleven decimal
    // digits in a row, which the problem responder withholds as a personal number's shape.
    String pairs =
        (serial.length() % 2 == 1 ? "0" + serial : serial).replaceAll("(..)(?!$)", "$1:");
    assertThat(new JsonObject(refused.body()).getString("detail"))
        .contains("revoked")
        .contains(pairs);
    // A new connection does not get past the handshake: the running hub put the list in it.
    Eventually.until(
        Duration.ofSeconds(10),
        "the handshake refuses the revoked certificate",
        () -> {
          try {
            send(as("pref-13"), "/v1/bodies/me", operator);
            return false;
          } catch (IOException refusedInHandshake) {
            return true;
          }
        });
    assertThat(send(as("nta"), "/v1/bodies/me", operator).statusCode())
        .as("other certificates still pass the handshake")
        .isEqualTo(200);
    // The list is the CA's, signed by its key, and openssl reads it.
    Path crl = options.tls().crlFile();
    assertThat(
            jp.jukihub.gateway.jpki.OpensslCommand.run(
                    "crl", "-in", crl.toString(), "-CAfile", caFile().toString(), "-noout", "-text")
                .stderr())
        .contains("verify OK");
  }

  @Test
  void should_refuse_every_certificate_of_a_body_revoked_by_name_and_at_a_new_hubs_handshake()
      throws Exception {
    HttpClient osaka = as("lg-272035");
    Map<String, String> operator = Map.of("X-Jukihub-Operator", "clerk-1");
    assertThat(send(osaka, "/v1/bodies/me", operator).statusCode()).isEqualTo(200);
    HubCommandIT.Result revoked =
        HubCommandIT.run("bodies", "revoke-cert", "lg-272035", "--config", config.toString());
    assertThat(revoked.exitCode()).as(revoked.err()).isZero();
    Eventually.until(
        Duration.ofSeconds(10),
        "the hub takes the new CRL",
        () -> send(osaka, "/v1/bodies/me", operator),
        answer -> answer.statusCode() == 401);

    // A hub started with the CRL refuses the certificate at the handshake, before any HTTP.
    HubOptions again = HubConfigLoader.load(config, Map.of()).withFreeLoopbackPorts();
    try (HubServer restarted = HubServer.start(again, TestDatabases.fresh(), false)) {
      HttpRequest request =
          HttpRequest.newBuilder(
                  URI.create("https://127.0.0.1:" + restarted.apiPort() + "/v1/bodies/me"))
              .header("X-Jukihub-Operator", "clerk-1")
              .timeout(Duration.ofSeconds(10))
              .build();
      HttpClient fresh = as("lg-272035");
      assertThatThrownBy(() -> fresh.send(request, HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(IOException.class);
      HttpClient other = as("jps");
      assertThat(other.send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void should_refuse_a_certificate_that_expires_while_its_connection_stays_open() throws Exception {
    IssuedCertificate shortLived = hubCa().issueBodyCertificate("kyokai", Duration.ofHours(1));
    HttpClient kyokai = client(shortLived, caFile());
    Map<String, String> operator = Map.of("X-Jukihub-Operator", "officer-1");
    assertThat(send(kyokai, "/v1/bodies/me", operator).statusCode()).isEqualTo(200);
    try {
      CLOCK.shift(Duration.ofHours(2));
      HttpResponse<String> expired = send(kyokai, "/v1/bodies/me", operator);
      assertProblem(expired, 401, "UNAUTHENTICATED");
      assertThat(new JsonObject(expired.body()).getString("detail"))
          .contains("expired at " + shortLived.certificate().getNotAfter().toInstant());
    } finally {
      CLOCK.shift(Duration.ZERO);
    }
  }

  @Test
  void should_serve_a_body_whose_certificate_was_issued_from_its_own_openssl_request()
      throws Exception {
    Path directory = data.resolve("own-key");
    Files.createDirectories(directory);
    Path key = directory.resolve("lg-131130.key");
    Path csr = directory.resolve("lg-131130.csr");
    jp.jukihub.gateway.jpki.OpensslCommand.run(
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
        "/CN=whatever-the-body-likes");
    HubCommandIT.Result issued =
        HubCommandIT.run(
            "bodies",
            "issue-cert",
            "lg-131130",
            "--csr",
            csr.toString(),
            "--config",
            config.toString(),
            "--out",
            directory.toString());
    assertThat(issued.exitCode()).as(issued.err()).isZero();
    assertThat(issued.out()).doesNotContain("lg-131130.key");
    X509Certificate certificate = readCertificate(directory.resolve("lg-131130.crt"));
    assertThat(certificate.getSubjectX500Principal().getName()).doesNotContain("whatever");

    HttpResponse<String> answer =
        send(
            client(readKey(key, "RSA"), certificate, directory.resolve("ca.crt")),
            "/v1/bodies/me",
            Map.of("X-Jukihub-Operator", "clerk-1"));
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(new JsonObject(answer.body()).getString("id")).isEqualTo("lg-131130");
  }

  @Test
  void should_refuse_to_issue_from_a_request_whose_signature_does_not_verify() throws Exception {
    Path directory = data.resolve("forged");
    Files.createDirectories(directory);
    Path csr = directory.resolve("jlis.csr");
    jp.jukihub.gateway.jpki.OpensslCommand.run(
        "req",
        "-new",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        directory.resolve("jlis.key").toString(),
        "-outform",
        "DER",
        "-out",
        csr.toString(),
        "-subj",
        "/CN=jlis");
    byte[] der = Files.readAllBytes(csr);
    der[der.length - 1] ^= 0x01; // the signature's last byte
    Files.writeString(
        csr,
        "-----BEGIN CERTIFICATE REQUEST-----\n"
            + Base64.getMimeEncoder().encodeToString(der)
            + "\n-----END CERTIFICATE REQUEST-----\n");
    HubCommandIT.Result refused =
        HubCommandIT.run(
            "bodies",
            "issue-cert",
            "jlis",
            "--csr",
            csr.toString(),
            "--config",
            config.toString(),
            "--out",
            directory.toString());
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.err()).contains("signature does not verify");
    assertThat(directory.resolve("jlis.crt")).doesNotExist();
  }

  @Test
  void should_refuse_plain_http_when_serving_production() {
    HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.apiPort() + "/v1/bodies/me"))
            .header("X-Jukihub-Body", "jps")
            .header("X-Jukihub-Operator", "x")
            .timeout(Duration.ofSeconds(10))
            .build();
    assertThatThrownBy(() -> plain.send(request, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);
  }

  @Test
  void should_serve_the_openapi_description_to_a_certified_caller_without_an_operator()
      throws Exception {
    HttpResponse<String> description = send(as("nta"), "/openapi.yaml", Map.of());
    assertThat(description.statusCode()).isEqualTo(200);
    assertThat(description.body()).contains("mutualTLS");
  }

  @Test
  void
      should_register_and_look_up_a_resident_over_mutual_tls_with_each_body_proven_by_its_certificate()
          throws Exception {
    JsonObject birth =
        new JsonObject()
            .put("event", "birth")
            .put("name", new JsonObject().put("kanji", "林\u3000葵").put("kana", "ハヤシ\u3000アオイ"))
            .put("birthDate", "2025-03-03")
            .put("sex", "female")
            .put("addressRest", "神田1丁目1番");
    HttpResponse<String> born =
        post(
            as("lg-131016"),
            "/v1/municipalities/131016/residents",
            "application/json",
            birth.encode(),
            Map.of("X-Jukihub-Operator", "clerk-1", "Idempotency-Key", "mtls-birth-1"));
    assertThat(born.statusCode()).as(born.body()).isEqualTo(201);
    String myNumber = new JsonObject(born.body()).getString("myNumber");

    String lookup =
        new JsonObject().put("affair", "t1-national-tax").put("myNumber", myNumber).encode();
    HttpResponse<String> found =
        Eventually.until(
            Duration.ofSeconds(15),
            "the birth reaches the national tier",
            () ->
                post(
                    as("nta"),
                    "/v1/identity/lookup",
                    "application/json",
                    lookup,
                    Map.of("X-Jukihub-Operator", "officer-1")),
            answer -> answer.statusCode() != 404);
    assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
    assertThat(new JsonObject(found.body()).getJsonObject("name").getString("kana"))
        .isEqualTo("ハヤシ\u3000アオイ");

    HttpResponse<String> batch =
        post(
            as("nta"),
            "/v1/identity/lookup:batch",
            "application/x-ndjson",
            lookup + "\n",
            Map.of("X-Jukihub-Operator", "officer-1", "X-Jukihub-Body", "jps"));
    assertThat(batch.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(batch.body().strip()).getInteger("status"))
        .as("the certificate (nta) decides the affair, not the header (jps)")
        .isEqualTo(200);

    HttpResponse<String> bank =
        post(
            as("bank-demo"),
            "/v1/identity/lookup",
            "application/json",
            lookup,
            Map.of("X-Jukihub-Operator", "teller-1"));
    assertProblem(bank, 403, "FIREWALL_DENIED");
  }

  private static HttpResponse<String> post(
      HttpClient client, String path, String type, String body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + hub.apiPort() + path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", type)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A client holding {@code body}'s certificate as {@code hub bodies issue-cert} writes it. */
  private static HttpClient as(String body) throws Exception {
    Path directory = data.resolve("certs").resolve(body);
    if (!Files.exists(directory.resolve(body + ".crt"))) {
      HubCommandIT.Result issued =
          HubCommandIT.run(
              "bodies",
              "issue-cert",
              body,
              "--config",
              config.toString(),
              "--out",
              directory.toString());
      assertThat(issued.exitCode()).as(issued.err()).isZero();
    }
    return client(
        readKey(directory.resolve(body + ".key"), "EC"),
        readCertificate(directory.resolve(body + ".crt")),
        directory.resolve("ca.crt"));
  }

  private static BodyCertificateAuthority hubCa() {
    return BodyCertificateAuthority.loadOrCreate(options.tls(), Clock.systemUTC());
  }

  private static Path caFile() {
    return options.tls().caCertFile();
  }

  private static HttpClient client(IssuedCertificate issued, Path ca) throws Exception {
    return issued == null ? client(null, null, ca) : client(issued.key(), issued.certificate(), ca);
  }

  /**
   * An HTTPS client that presents {@code certificate} (none when null) and trusts only {@code ca}.
   */
  private static HttpClient client(PrivateKey key, X509Certificate certificate, Path ca)
      throws Exception {
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    KeyStore own = KeyStore.getInstance("PKCS12");
    own.load(null, null);
    if (certificate != null) {
      own.setKeyEntry("body", key, PASSWORD, new Certificate[] {certificate});
    }
    keys.init(own, PASSWORD);
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("body-ca", readCertificate(ca));
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
    return HttpClient.newBuilder()
        .sslContext(tls)
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  private static HttpResponse<String> send(
      HttpClient client, String path, Map<String, String> headers) throws Exception {
    // The client checks the hub's certificate against the name it dials: 127.0.0.1 must be in it.
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + hub.apiPort() + path))
            .timeout(Duration.ofSeconds(10))
            .GET();
    headers.forEach(request::header);
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  // Read with the JDK alone, so the files are checked for what other tools expect: PKCS#8 and X.509
  // PEM.
  private static PrivateKey readKey(Path file, String algorithm) throws Exception {
    String pem = Files.readString(file);
    assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----");
    String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return KeyFactory.getInstance(algorithm)
        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }

  private static X509Certificate readCertificate(Path file) throws Exception {
    try (InputStream in = Files.newInputStream(file)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  private static void assertProblem(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(new JsonObject(response.body()).getString("code")).isEqualTo(code);
  }

  /** The wall clock, moved on by {@link #shift}: certificates the hub checks can expire. */
  static final class ShiftedClock extends Clock {
    private volatile Duration shift = Duration.ZERO;

    void shift(Duration by) {
      shift = by;
    }

    @Override
    public java.time.Instant instant() {
      return Clock.systemUTC().instant().plus(shift);
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
