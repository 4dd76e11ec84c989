package jp.jukihub.gateway.jpki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.CRLReason;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.cert.X509CRLEntryHolder;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A signed CRL read back by BouncyCastle and by the JDK: every field as it was given. */
class CrlSignerTest {
  static final Instant THIS_UPDATE = Instant.parse("2026-11-02T03:00:00Z");
  static final Instant NEXT_UPDATE = Instant.parse("2026-11-03T03:00:00Z");
  static final String SHARD = "https://hub.example.jp/v1/jpki/crl/auth/3";
  static final List<RevokedEntry> ENTRIES =
      List.of(
          new RevokedEntry(0x80, Instant.parse("2026-01-15T09:30:00Z"), 1),
          new RevokedEntry(7, Instant.parse("2026-02-01T00:00:00Z"), 0),
          new RevokedEntry(Long.MAX_VALUE, Instant.parse("2026-10-31T23:59:59Z"), 4),
          new RevokedEntry(0x8000, Instant.parse("2051-06-01T12:00:00Z"), 5));

  @TempDir static Path directory;
  static JpkiAuthority authority;
  static CrlSigner signer;

  @BeforeAll
  static void createCa() {
    authority = JpkiAuthority.loadOrCreate(directory, JpkiAuthority.Type.AUTH, Clock.systemUTC());
    signer = new CrlSigner(authority);
  }

  @Test
  void should_read_back_every_field_with_the_jdk_when_the_crl_is_the_whole_types()
      throws Exception {
    X509CRL crl =
        jdk(
            signer.sign(
                BigInteger.valueOf(12), THIS_UPDATE, NEXT_UPDATE, Optional.empty(), ENTRIES));

    crl.verify(authority.certificate().getPublicKey());
    assertThat(crl.getVersion()).isEqualTo(2);
    assertThat(crl.getSigAlgName()).isEqualTo("SHA256withRSA");
    assertThat(crl.getIssuerX500Principal())
        .isEqualTo(authority.certificate().getSubjectX500Principal());
    assertThat(crl.getThisUpdate()).isEqualTo(Date.from(THIS_UPDATE));
    assertThat(crl.getNextUpdate()).isEqualTo(Date.from(NEXT_UPDATE));
    assertThat(crl.getRevokedCertificates()).hasSize(4);
    assertEntry(crl, 0x80, "2026-01-15T09:30:00Z", CRLReason.KEY_COMPROMISE);
    assertEntry(crl, 7, "2026-02-01T00:00:00Z", null);
    assertEntry(crl, Long.MAX_VALUE, "2026-10-31T23:59:59Z", CRLReason.SUPERSEDED);
    assertEntry(crl, 0x8000, "2051-06-01T12:00:00Z", CRLReason.CESSATION_OF_OPERATION);
    assertThat(crl.getRevokedCertificate(BigInteger.valueOf(7)).hasExtensions()).isFalse();
    assertThat(crl.getCriticalExtensionOIDs()).isEmpty();
    assertThat(crl.getNonCriticalExtensionOIDs())
        .containsExactlyInAnyOrder(
            Extension.authorityKeyIdentifier.getId(), Extension.cRLNumber.getId());
    assertThat(crl.getExtensionValue(Extension.issuingDistributionPoint.getId())).isNull();
    assertThat(
            CRLNumber.getInstance(
                    JcaX509ExtensionUtils.parseExtensionValue(
                        crl.getExtensionValue(Extension.cRLNumber.getId())))
                .getCRLNumber())
        .isEqualTo(12);
  }

  @Test
  void should_carry_a_critical_idp_with_the_uri_when_the_crl_is_a_shards() throws Exception {
    byte[] der =
        signer.sign(BigInteger.valueOf(13), THIS_UPDATE, NEXT_UPDATE, Optional.of(SHARD), ENTRIES);

    X509CRL crl = jdk(der);
    crl.verify(authority.certificate().getPublicKey());
    assertThat(crl.getCriticalExtensionOIDs())
        .containsExactly(Extension.issuingDistributionPoint.getId());

    X509CRLHolder holder = new X509CRLHolder(der);
    Extension idp = holder.getExtension(Extension.issuingDistributionPoint);
    assertThat(idp.isCritical()).isTrue();
    IssuingDistributionPoint point = IssuingDistributionPoint.getInstance(idp.getParsedValue());
    GeneralName[] names =
        ((org.bouncycastle.asn1.x509.GeneralNames) point.getDistributionPoint().getName())
            .getNames();
    assertThat(names).hasSize(1);
    assertThat(names[0].getTagNo()).isEqualTo(GeneralName.uniformResourceIdentifier);
    assertThat(names[0].getName().toString()).isEqualTo(SHARD);
    assertThat(point.onlyContainsUserCerts()).isFalse();
    assertThat(point.isIndirectCRL()).isFalse();
  }

  @Test
  void should_verify_and_read_back_with_bouncycastle_when_parsed_as_a_holder() throws Exception {
    X509CRLHolder holder =
        new X509CRLHolder(
            signer.sign(
                BigInteger.valueOf(14), THIS_UPDATE, NEXT_UPDATE, Optional.empty(), ENTRIES));

    assertThat(
            holder.isSignatureValid(
                new JcaContentVerifierProviderBuilder().build(authority.certificate())))
        .isTrue();
    assertThat(holder.toASN1Structure().getVersionNumber()).isEqualTo(2);
    assertThat(holder.getThisUpdate()).isEqualTo(Date.from(THIS_UPDATE));
    assertThat(holder.getNextUpdate()).isEqualTo(Date.from(NEXT_UPDATE));
    assertThat(
            CRLNumber.getInstance(holder.getExtension(Extension.cRLNumber).getParsedValue())
                .getCRLNumber())
        .isEqualTo(14);
    assertThat(holder.getExtension(Extension.authorityKeyIdentifier)).isNotNull();
    assertThat(holder.getRevokedCertificates()).hasSize(4);
    X509CRLEntryHolder first = holder.getRevokedCertificate(BigInteger.valueOf(0x80));
    assertThat(first.getRevocationDate())
        .isEqualTo(Date.from(Instant.parse("2026-01-15T09:30:00Z")));
    assertThat(
            ASN1Enumerated.getInstance(first.getExtension(Extension.reasonCode).getParsedValue())
                .intValueExact())
        .isEqualTo(1);
    assertThat(holder.getRevokedCertificate(BigInteger.valueOf(7)).hasExtensions()).isFalse();
  }

  @Test
  void should_leave_out_the_revoked_list_when_there_are_no_entries() throws Exception {
    X509CRL crl =
        jdk(signer.sign(BigInteger.ONE, THIS_UPDATE, NEXT_UPDATE, Optional.of(SHARD), List.of()));

    crl.verify(authority.certificate().getPublicKey());
    assertThat(crl.getRevokedCertificates()).isNull();
  }

  @Test
  void should_refuse_when_the_inputs_break_rfc_5280() {
    assertThatThrownBy(
            () ->
                signer.sign(
                    BigInteger.valueOf(-1), THIS_UPDATE, NEXT_UPDATE, Optional.empty(), ENTRIES))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                signer.sign(
                    BigInteger.ONE.shiftLeft(159),
                    THIS_UPDATE,
                    NEXT_UPDATE,
                    Optional.empty(),
                    ENTRIES))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> signer.sign(BigInteger.ONE, NEXT_UPDATE, THIS_UPDATE, Optional.empty(), ENTRIES))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                signer.sign(
                    BigInteger.ONE, THIS_UPDATE, NEXT_UPDATE, Optional.of("crl/sign/3"), ENTRIES))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void should_refuse_an_entry_when_its_serial_or_reason_is_impossible() {
    Instant when = Instant.parse("2026-01-01T00:00:00Z");
    assertThatThrownBy(() -> new RevokedEntry(0, when, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RevokedEntry(-5, when, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RevokedEntry(1, when, 7))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RevokedEntry(1, when, 11))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RevokedEntry(1, null, 1)).isInstanceOf(NullPointerException.class);
  }

  private static void assertEntry(X509CRL crl, long serial, String revokedAt, CRLReason reason) {
    X509CRLEntry entry = crl.getRevokedCertificate(BigInteger.valueOf(serial));
    assertThat(entry).as("entry %x", serial).isNotNull();
    assertThat(entry.getRevocationDate()).isEqualTo(Date.from(Instant.parse(revokedAt)));
    assertThat(entry.getRevocationReason()).isEqualTo(reason);
  }

  private static X509CRL jdk(byte[] der) throws Exception {
    return (X509CRL)
        CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
  }
}
