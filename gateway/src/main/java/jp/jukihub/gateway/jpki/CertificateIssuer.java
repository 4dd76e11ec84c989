package jp.jukihub.gateway.jpki;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Date;
import java.util.Locale;
import java.util.Objects;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Issues a card's certificates after J-LIS's profile: the signing certificate (署名用電子証明書), which
 * carries the 4 info, and the user-authentication certificate (利用者証明用電子証明書), which carries none.
 * Both name only their serial in the subject and point at the hub's CRL shard and OCSP responder.
 * Pure and blocking (an RSA signature): run it off the event loop.
 */
public final class CertificateIssuer {
  private static final ASN1ObjectIdentifier SIGN_POLICY =
      new ASN1ObjectIdentifier("1.2.392.200149.8.5.1.1.20");
  private static final ASN1ObjectIdentifier AUTH_POLICY =
      new ASN1ObjectIdentifier("1.2.392.200149.8.5.1.3.30");
  // RFC 5280 4.1.2.2: a positive serial of at most 20 octets, so at most 159 bits.
  private static final int MAX_SERIAL_BITS = 159;

  private final JpkiAuthority sign;
  private final JpkiAuthority auth;
  private final JpkiUrls urls;

  public CertificateIssuer(JpkiAuthority sign, JpkiAuthority auth, String publicBaseUrl) {
    if (sign.type() != JpkiAuthority.Type.SIGN || auth.type() != JpkiAuthority.Type.AUTH) {
      throw new IllegalArgumentException(
          "the issuer needs the signing CA, then the user-authentication CA");
    }
    this.sign = sign;
    this.auth = auth;
    this.urls = new JpkiUrls(publicBaseUrl);
  }

  /**
   * A certificate of {@code type} for {@code subjectKey}, signed by that type's CA. {@code holder}
   * goes into signing certificates only. {@code shard} names the CRL that will list the certificate
   * if it is revoked; it is fixed for the certificate's life.
   */
  public X509Certificate issue(
      JpkiAuthority.Type type,
      PublicKey subjectKey,
      CardHolder holder,
      BigInteger serial,
      int shard,
      Instant notBefore,
      Instant notAfter) {
    JpkiAuthority ca = type == JpkiAuthority.Type.SIGN ? sign : auth;
    requireCardKey(subjectKey);
    requireSerial(serial);
    requireValidity(ca, notBefore, notAfter);
    X500Name subject =
        new X500NameBuilder(BCStyle.INSTANCE)
            .addRDN(BCStyle.C, "JP")
            .addRDN(BCStyle.O, "JPKI (Juki Hub)")
            .addRDN(BCStyle.CN, serial.toString(16).toUpperCase(Locale.ROOT))
            .build();
    try {
      JcaX509ExtensionUtils ids = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  ca.certificate(),
                  serial,
                  Date.from(notBefore),
                  Date.from(notAfter),
                  subject,
                  subjectKey)
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(
                  Extension.authorityKeyIdentifier,
                  false,
                  authorityKeyIdentifier(ca.certificate(), ids))
              .addExtension(
                  Extension.subjectKeyIdentifier, false, ids.createSubjectKeyIdentifier(subjectKey))
              .addExtension(
                  Extension.cRLDistributionPoints,
                  false,
                  distributionPoint(urls.crlDistributionPoint(type, shard)))
              .addExtension(
                  Extension.authorityInfoAccess,
                  false,
                  new AuthorityInformationAccess(AccessDescription.id_ad_ocsp, uri(urls.ocsp())));
      if (type == JpkiAuthority.Type.SIGN) {
        builder
            .addExtension(
                Extension.keyUsage,
                true,
                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation))
            .addExtension(
                Extension.certificatePolicies,
                false,
                new CertificatePolicies(new PolicyInformation(SIGN_POLICY)))
            .addExtension(
                Extension.subjectAlternativeName,
                false,
                CardHolderNames.of(Objects.requireNonNull(holder, "holder")));
      } else {
        builder
            .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
            .addExtension(
                Extension.extendedKeyUsage,
                false,
                new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth))
            .addExtension(
                Extension.certificatePolicies,
                false,
                new CertificatePolicies(new PolicyInformation(AUTH_POLICY)));
      }
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(ca.key())));
    } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot build a JPKI " + type.label() + " certificate", e);
    }
  }

  private static void requireCardKey(PublicKey key) {
    if (!(key instanceof RSAPublicKey rsa) || rsa.getModulus().bitLength() < JpkiKeys.BITS) {
      throw new IllegalArgumentException(
          "a JPKI certificate needs an RSA key of at least " + JpkiKeys.BITS + " bits");
    }
  }

  private static void requireSerial(BigInteger serial) {
    if (serial.signum() <= 0 || serial.bitLength() > MAX_SERIAL_BITS) {
      throw new IllegalArgumentException("a certificate serial is positive and at most 20 octets");
    }
  }

  private static void requireValidity(JpkiAuthority ca, Instant notBefore, Instant notAfter) {
    if (!notAfter.isAfter(notBefore)) {
      // No dates in the message: a card's end is its holder's birthday.
      throw new IllegalArgumentException("a certificate must end after it starts");
    }
    // A certificate that outlives its CA would fail every check after the CA's end; refuse it now.
    Instant caEnds = ca.certificate().getNotAfter().toInstant();
    if (notAfter.isAfter(caEnds)) {
      throw new HubException(
          ErrorCode.CA_RENEWAL_NEEDED,
          "the JPKI "
              + ca.type().label()
              + " CA ends on "
              + caEnds
              + ", before this card would: renew the CA before issuing cards");
    }
  }

  // The CA's key identifier alone: its name and serial as well would tie every card to one CA
  // certificate, and chains would break when that certificate is renewed on the same key.
  private static AuthorityKeyIdentifier authorityKeyIdentifier(
      X509Certificate ca, JcaX509ExtensionUtils ids) throws IOException {
    byte[] own = ca.getExtensionValue(Extension.subjectKeyIdentifier.getId());
    return own == null
        ? ids.createAuthorityKeyIdentifier(ca.getPublicKey())
        : new AuthorityKeyIdentifier(
            SubjectKeyIdentifier.getInstance(JcaX509ExtensionUtils.parseExtensionValue(own))
                .getKeyIdentifier());
  }

  private static CRLDistPoint distributionPoint(String url) {
    DistributionPointName name = new DistributionPointName(new GeneralNames(uri(url)));
    return new CRLDistPoint(new DistributionPoint[] {new DistributionPoint(name, null, null)});
  }

  private static GeneralName uri(String url) {
    return new GeneralName(GeneralName.uniformResourceIdentifier, url);
  }
}
