package jp.jukihub.gateway.jpki;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import jp.jukihub.gateway.tls.Pem;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code openssl} reads the CRLs: it lists the entries and reasons, verifies the
 * signature, and with {@code verify -crl_check} accepts a shard's CRL for a certificate whose CRL
 * distribution point is the shard's URI, and only for it.
 */
class CrlSignerOpensslTest {
  static final String BASE = "https://hub.example.jp";
  static final String SHARD_3 = BASE + "/v1/jpki/crl/sign/3";
  static final String SHARD_4 = BASE + "/v1/jpki/crl/sign/4";
  static final long REVOKED_SERIAL = 0x8000;
  static final long GOOD_SERIAL = 0x42;

  @TempDir static Path directory;
  static JpkiAuthority authority;
  static CrlSigner signer;
  static Instant now;

  @BeforeAll
  static void createCa() throws Exception {
    authority = JpkiAuthority.loadOrCreate(directory, JpkiAuthority.Type.SIGN, Clock.systemUTC());
    signer = new CrlSigner(authority);
    // openssl checks against its own clock, so the CRLs are current by the real one.
    now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Files.writeString(directory.resolve("ca.pem"), Pem.certificate(authority.certificate()));
    Files.writeString(
        directory.resolve("revoked.pem"), Pem.certificate(leaf(REVOKED_SERIAL, SHARD_3)));
    Files.writeString(directory.resolve("good.pem"), Pem.certificate(leaf(GOOD_SERIAL, SHARD_3)));
  }

  @Test
  void should_list_entries_and_reasons_when_openssl_prints_the_crl() throws Exception {
    List<RevokedEntry> entries =
        List.of(
            new RevokedEntry(0x80, Instant.parse("2026-01-15T09:30:00Z"), 1),
            new RevokedEntry(7, Instant.parse("2026-02-01T00:00:00Z"), 0),
            new RevokedEntry(Long.MAX_VALUE, Instant.parse("2026-10-31T23:59:59Z"), 4),
            new RevokedEntry(0x8000, Instant.parse("2051-06-01T12:00:00Z"), 3));
    Files.write(
        directory.resolve("list.der"),
        signer.sign(
            BigInteger.valueOf(99),
            now,
            now.plus(Duration.ofDays(1)),
            Optional.of(SHARD_3),
            entries));

    OpensslCommand.Result text =
        OpensslCommand.runIn(
            directory, "crl", "-inform", "DER", "-in", "list.der", "-noout", "-text");

    assertThat(text.exitCode()).as(text.output()).isZero();
    assertThat(text.output())
        .contains("Version 2 (0x1)")
        .contains("Signature Algorithm: sha256WithRSAEncryption")
        .contains("Issuer: C = JP, O = JPKI (Juki Hub), CN = JPKI Signature CA")
        .containsPattern("X509v3 CRL Number:\\s+99")
        .containsPattern(
            "X509v3 Issuing Distribution Point: critical\\s+Full Name:\\s+URI:" + SHARD_3)
        .containsPattern(
            "Serial Number: 80\\s+Revocation Date: Jan 15 09:30:00 2026 GMT\\s+CRL entry extensions:\\s+X509v3 CRL Reason Code:\\s+Key Compromise")
        .containsPattern(
            "Serial Number: 07\\s+Revocation Date: Feb  1 00:00:00 2026 GMT\\s+Serial Number: 7FFFFFFFFFFFFFFF")
        .containsPattern(
            "Serial Number: 7FFFFFFFFFFFFFFF\\s+Revocation Date: Oct 31 23:59:59 2026 GMT\\s+CRL entry extensions:\\s+X509v3 CRL Reason Code:\\s+Superseded")
        .containsPattern(
            "Serial Number: 8000\\s+Revocation Date: Jun  1 12:00:00 2051 GMT\\s+CRL entry extensions:\\s+X509v3 CRL Reason Code:\\s+Affiliation Changed");
  }

  @Test
  void should_verify_the_signature_with_the_ca_certificate_when_untouched_only() throws Exception {
    byte[] der =
        signer.sign(
            BigInteger.ONE,
            now,
            now.plus(Duration.ofDays(1)),
            Optional.empty(),
            List.of(new RevokedEntry(5, now, 1)));
    Files.write(directory.resolve("whole.der"), der);
    der[der.length - 1] ^= 1; // the signature's last byte
    Files.write(directory.resolve("tampered.der"), der);

    OpensslCommand.Result good =
        OpensslCommand.runIn(
            directory, "crl", "-inform", "DER", "-in", "whole.der", "-CAfile", "ca.pem", "-noout");
    OpensslCommand.Result bad =
        OpensslCommand.runIn(
            directory,
            "crl",
            "-inform",
            "DER",
            "-in",
            "tampered.der",
            "-CAfile",
            "ca.pem",
            "-noout");

    assertThat(good.exitCode()).as(good.output()).isZero();
    assertThat(good.output()).contains("verify OK");
    assertThat(bad.output()).doesNotContain("verify OK").contains("verify failure");
  }

  @Test
  void should_find_a_certificate_revoked_when_its_shards_crl_lists_it() throws Exception {
    writePem(
        "shard3.pem",
        signer.sign(
            BigInteger.TWO,
            now,
            now.plus(Duration.ofDays(1)),
            Optional.of(SHARD_3),
            List.of(new RevokedEntry(REVOKED_SERIAL, now, 1))));

    OpensslCommand.Result revoked =
        OpensslCommand.runIn(
            directory,
            "verify",
            "-crl_check",
            "-CAfile",
            "ca.pem",
            "-CRLfile",
            "shard3.pem",
            "revoked.pem");
    OpensslCommand.Result good =
        OpensslCommand.runIn(
            directory,
            "verify",
            "-crl_check",
            "-CAfile",
            "ca.pem",
            "-CRLfile",
            "shard3.pem",
            "good.pem");

    assertThat(revoked.exitCode()).isNotZero();
    assertThat(revoked.output()).contains("certificate revoked");
    assertThat(good.exitCode()).as(good.output()).isZero();
    assertThat(good.output()).contains("good.pem: OK");
  }

  @Test
  void should_not_accept_a_shards_crl_when_the_certificate_names_another_shard() throws Exception {
    writePem(
        "shard4.pem",
        signer.sign(
            BigInteger.TWO, now, now.plus(Duration.ofDays(1)), Optional.of(SHARD_4), List.of()));

    OpensslCommand.Result result =
        OpensslCommand.runIn(
            directory,
            "verify",
            "-crl_check",
            "-CAfile",
            "ca.pem",
            "-CRLfile",
            "shard4.pem",
            "good.pem");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("different CRL scope"); // OpenSSL 3.0: error 44
  }

  @Test
  void should_find_a_certificate_revoked_when_the_whole_types_crl_lists_it() throws Exception {
    writePem(
        "whole.pem",
        signer.sign(
            BigInteger.TEN,
            now,
            now.plus(Duration.ofDays(1)),
            Optional.empty(),
            List.of(new RevokedEntry(REVOKED_SERIAL, now, 0))));

    OpensslCommand.Result revoked =
        OpensslCommand.runIn(
            directory,
            "verify",
            "-crl_check",
            "-CAfile",
            "ca.pem",
            "-CRLfile",
            "whole.pem",
            "revoked.pem");
    OpensslCommand.Result good =
        OpensslCommand.runIn(
            directory,
            "verify",
            "-crl_check",
            "-CAfile",
            "ca.pem",
            "-CRLfile",
            "whole.pem",
            "good.pem");

    assertThat(revoked.output()).contains("certificate revoked");
    assertThat(good.exitCode()).as(good.output()).isZero();
  }

  /** An end certificate from the CA whose CRL distribution point is {@code crlUri}. */
  private static X509Certificate leaf(long serial, String crlUri) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    X509Certificate ca = authority.certificate();
    GeneralNames uri =
        new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, crlUri));
    var builder =
        new JcaX509v3CertificateBuilder(
                ca,
                BigInteger.valueOf(serial),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(30))),
                new X500Name("CN=leaf " + serial),
                generator.generateKeyPair().getPublic())
            .addExtension(
                Extension.cRLDistributionPoints,
                false,
                new CRLDistPoint(
                    new DistributionPoint[] {
                      new DistributionPoint(new DistributionPointName(uri), null, null)
                    }));
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(authority.key())));
  }

  private static void writePem(String name, byte[] der) throws Exception {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    Files.writeString(
        directory.resolve(name),
        "-----BEGIN X509 CRL-----\n" + body + "\n-----END X509 CRL-----\n");
  }
}
