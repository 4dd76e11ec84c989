package jp.jukihub.gateway.jpki;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** The reference: the same CRL made the ordinary way, with BouncyCastle's X509v2CRLBuilder. */
final class BouncyCastleCrl {
  private BouncyCastleCrl() {}

  static byte[] sign(
      JpkiAuthority authority,
      BigInteger crlNumber,
      Instant thisUpdate,
      Instant nextUpdate,
      Optional<String> issuingDistributionPoint,
      List<RevokedEntry> entries)
      throws Exception {
    X509Certificate ca = authority.certificate();
    X509v2CRLBuilder builder =
        new X509v2CRLBuilder(
            X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()), Date.from(thisUpdate));
    builder.setNextUpdate(Date.from(nextUpdate));
    for (RevokedEntry entry : entries) {
      builder.addCRLEntry(
          BigInteger.valueOf(entry.serial()), Date.from(entry.revokedAt()), entry.reason());
    }
    builder.addExtension(
        Extension.authorityKeyIdentifier,
        false,
        new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca.getPublicKey()));
    builder.addExtension(Extension.cRLNumber, false, new CRLNumber(crlNumber));
    if (issuingDistributionPoint.isPresent()) {
      GeneralNames uri =
          new GeneralNames(
              new GeneralName(
                  GeneralName.uniformResourceIdentifier, issuingDistributionPoint.get()));
      builder.addExtension(
          Extension.issuingDistributionPoint,
          true,
          new IssuingDistributionPoint(new DistributionPointName(uri), false, false));
    }
    return builder
        .build(new JcaContentSignerBuilder("SHA256withRSA").build(authority.key()))
        .getEncoded();
  }
}
