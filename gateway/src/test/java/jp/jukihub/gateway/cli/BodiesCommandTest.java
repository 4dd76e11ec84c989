package jp.jukihub.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import jp.jukihub.gateway.tls.BodyCertificate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hub bodies issue-cert}: real arguments, real files, no database needed. */
class BodiesCommandTest {
  @TempDir Path data;
  Path config;

  record Result(int exitCode, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = HubCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  @BeforeEach
  void configure() throws Exception {
    config = data.resolve("hub.yaml");
    Files.writeString(config, "data:\n  directory: " + data + "\n");
  }

  @Test
  void should_refuse_an_unknown_body_with_exit_2_and_make_nothing() {
    Result result = run("bodies", "issue-cert", "nobody", "--config", config.toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("no registered body is called 'nobody'");
    assertThat(data.resolve("keys")).as("not even a CA").doesNotExist();
    assertThat(data.resolve("certs")).doesNotExist();
  }

  @Test
  void should_write_an_owner_only_key_the_certificate_and_the_ca_when_the_body_is_registered()
      throws Exception {
    Path out = data.resolve("out");
    Result result =
        run(
            "bodies",
            "issue-cert",
            "jps",
            "--config",
            config.toString(),
            "--out",
            out.toString(),
            "--days",
            "30");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("created the body CA")
        .contains(out.resolve("jps.key").toString());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("jps.key"))))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("jps.crt"))))
        .isEqualTo("rw-r--r--");
    assertThat(Files.readString(out.resolve("jps.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
    CertificateFactory x509 = CertificateFactory.getInstance("X.509");
    X509Certificate certificate;
    X509Certificate ca;
    try (var in = Files.newInputStream(out.resolve("jps.crt"));
        var caIn = Files.newInputStream(out.resolve("ca.crt"))) {
      certificate = (X509Certificate) x509.generateCertificate(in);
      ca = (X509Certificate) x509.generateCertificate(caIn);
    }
    assertThat(BodyCertificate.bodyId(certificate)).hasValue("jps");
    certificate.verify(ca.getPublicKey());
    assertThat(ca)
        .isEqualTo(
            x509.generateCertificate(
                Files.newInputStream(data.resolve("keys").resolve("body-ca.crt"))));
  }

  @Test
  void
      should_write_a_certificate_openssl_reads_as_the_bodys_client_certificate_when_openssl_is_installed()
          throws Exception {
    Path out = data.resolve("out");
    assertThat(
            run(
                    "bodies",
                    "issue-cert",
                    "nta",
                    "--config",
                    config.toString(),
                    "--out",
                    out.toString())
                .exitCode())
        .isZero();
    Process openssl;
    try {
      openssl =
          new ProcessBuilder(
                  "openssl", "x509", "-in", out.resolve("nta.crt").toString(), "-noout", "-text")
              .redirectErrorStream(true)
              .start();
    } catch (IOException notInstalled) {
      Assumptions.abort("openssl is not installed");
      return;
    }
    String text = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(openssl.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(text)
        .contains("URI:urn:jukihub:body:nta")
        .contains("Subject: O = Juki Hub body, CN = nta")
        .contains("TLS Web Client Authentication")
        .contains("Digital Signature")
        .contains("ASN1 OID: prime256v1");
  }

  @Test
  void should_write_to_the_data_directory_by_default_and_never_overwrite_an_earlier_key() {
    assertThat(run("bodies", "issue-cert", "lg-131016", "--config", config.toString()).exitCode())
        .isZero();
    assertThat(data.resolve("certs").resolve("lg-131016").resolve("lg-131016.crt")).exists();

    Result again = run("bodies", "issue-cert", "lg-131016", "--config", config.toString());
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).contains("lg-131016.key exists");
    assertThat(
            run("bodies", "issue-cert", "jps", "--config", config.toString(), "--days", "0")
                .exitCode())
        .isEqualTo(2);
  }
}
