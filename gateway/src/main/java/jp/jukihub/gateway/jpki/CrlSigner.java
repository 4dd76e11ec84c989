package jp.jukihub.gateway.jpki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;

/**
 * Signs X.509 v2 CRLs (証明書失効リスト) for one JPKI CA, SHA256withRSA with the CA's key: the whole type's
 * list, or a shard's, whose critical issuingDistributionPoint names the URI that the shard's
 * certificates carry as their CRL distribution point (RFC 5280 6.3.3 matches the two).
 *
 * <p>A list of a million entries is about 40 MB: the entries are written as DER straight into the
 * one output array ({@link RevokedCertificatesEncoder}); only the small fields around them are
 * BouncyCastle ASN.1 objects. The output is byte for byte what BouncyCastle's {@code
 * X509v2CRLBuilder} makes of the same input (the tests hold it to that). Thread-safe; blocks for as
 * long as the hashing takes (about 0.1 s per million entries), so call it off the event loop.
 */
public final class CrlSigner {
  private static final String ALGORITHM = "SHA256withRSA";
  private static final byte SEQUENCE = 0x30;
  private static final byte BIT_STRING = 0x03;
  private static final int MAX_CRL_NUMBER_BITS = 159; // RFC 5280 5.2.3: at most 20 octets

  private final PrivateKey key;
  private final int signatureLength;
  private final byte[] version;
  private final byte[] algorithm;
  private final byte[] issuer;
  private final Extension authorityKeyIdentifier;

  public CrlSigner(JpkiAuthority authority) {
    this.key = authority.key();
    this.signatureLength = (((RSAKey) key).getModulus().bitLength() + 7) / 8;
    X509Certificate certificate = authority.certificate();
    this.version = der(new ASN1Integer(1)); // v2
    this.algorithm = der(new DefaultSignatureAlgorithmIdentifierFinder().find(ALGORITHM));
    this.issuer = certificate.getSubjectX500Principal().getEncoded();
    this.authorityKeyIdentifier = authorityKeyIdentifier(certificate);
  }

  /**
   * The DER of a signed CRL listing {@code entries} in their order, numbered {@code crlNumber};
   * with a critical issuingDistributionPoint of that URI when {@code issuingDistributionPoint} is
   * present (a shard's list), none otherwise (the whole type's).
   */
  public byte[] sign(
      BigInteger crlNumber,
      Instant thisUpdate,
      Instant nextUpdate,
      Optional<String> issuingDistributionPoint,
      List<RevokedEntry> entries) {
    if (crlNumber.signum() < 0 || crlNumber.bitLength() > MAX_CRL_NUMBER_BITS) {
      throw new IllegalArgumentException("a CRL number is from 0 to 2^159 - 1, not " + crlNumber);
    }
    if (!nextUpdate.isAfter(thisUpdate)) {
      throw new IllegalArgumentException(
          "nextUpdate " + nextUpdate + " is not after thisUpdate " + thisUpdate);
    }
    byte[] thisTime = DerTime.encode(thisUpdate);
    byte[] nextTime = DerTime.encode(nextUpdate);
    byte[] extensions = extensions(crlNumber, issuingDistributionPoint);
    RevokedCertificatesEncoder revoked =
        new RevokedCertificatesEncoder(Objects.requireNonNull(entries, "entries"));

    long tbsContent =
        (long) version.length
            + algorithm.length
            + issuer.length
            + thisTime.length
            + nextTime.length
            + revoked.encodedLength()
            + extensions.length;
    int bitStringContent = 1 + signatureLength; // a leading 0: no unused bits
    long crlContent =
        Der.headerLength((int) tbsContent)
            + tbsContent
            + algorithm.length
            + Der.headerLength(bitStringContent)
            + bitStringContent;
    if (crlContent > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException(
          "a CRL of " + entries.size() + " entries does not fit in one array");
    }

    byte[] out = new byte[Der.headerLength((int) crlContent) + (int) crlContent];
    int tbsStart = Der.writeHeader(SEQUENCE, (int) crlContent, out, 0);
    int at = Der.writeHeader(SEQUENCE, (int) tbsContent, out, tbsStart);
    at = put(version, out, at);
    at = put(algorithm, out, at);
    at = put(issuer, out, at);
    at = put(thisTime, out, at);
    at = put(nextTime, out, at);
    at = revoked.write(out, at);
    at = put(extensions, out, at);
    int tbsEnd = at;
    at = put(algorithm, out, at);
    at = Der.writeHeader(BIT_STRING, bitStringContent, out, at);
    out[at++] = 0;
    byte[] signature = signature(out, tbsStart, tbsEnd - tbsStart);
    if (signature.length != signatureLength || at + signature.length != out.length) {
      throw new IllegalStateException(
          "the "
              + ALGORITHM
              + " signature is "
              + signature.length
              + " bytes, not "
              + signatureLength);
    }
    System.arraycopy(signature, 0, out, at, signature.length);
    return out;
  }

  /** crlExtensions, [0] EXPLICIT: authorityKeyIdentifier, cRLNumber, then a shard's IDP. */
  private byte[] extensions(BigInteger crlNumber, Optional<String> issuingDistributionPoint) {
    ExtensionsGenerator generator = new ExtensionsGenerator();
    generator.addExtension(authorityKeyIdentifier);
    try {
      generator.addExtension(Extension.cRLNumber, false, new CRLNumber(crlNumber));
      if (issuingDistributionPoint.isPresent()) {
        generator.addExtension(
            Extension.issuingDistributionPoint, true, shard(issuingDistributionPoint.get()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a CRL extension", e);
    }
    return der(new DERTaggedObject(true, 0, generator.generate()));
  }

  /** An IDP whose distributionPoint's fullName is {@code uri}, the shard certificates' CRL DP. */
  private static IssuingDistributionPoint shard(String uri) {
    URI parsed = URI.create(uri);
    if (!parsed.isAbsolute() || !StandardCharsets.US_ASCII.newEncoder().canEncode(uri)) {
      throw new IllegalArgumentException(
          "an issuing distribution point is an absolute ASCII URI, not " + uri);
    }
    GeneralNames names =
        new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, uri));
    return new IssuingDistributionPoint(new DistributionPointName(names), false, false);
  }

  /** The CA certificate's own key identifier, as RFC 5280 5.2.1 asks; computed if it has none. */
  private static Extension authorityKeyIdentifier(X509Certificate certificate) {
    try {
      byte[] subjectKeyIdentifier =
          certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
      AuthorityKeyIdentifier identifier =
          subjectKeyIdentifier == null
              ? new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(certificate.getPublicKey())
              : new AuthorityKeyIdentifier(
                  ASN1OctetString.getInstance(
                          JcaX509ExtensionUtils.parseExtensionValue(subjectKeyIdentifier))
                      .getOctets());
      return new Extension(
          Extension.authorityKeyIdentifier, false, identifier.getEncoded(ASN1Encoding.DER));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(
          "cannot read the key identifier of " + certificate.getSubjectX500Principal(), e);
    }
  }

  private byte[] signature(byte[] buffer, int offset, int length) {
    try {
      Signature signer = Signature.getInstance(ALGORITHM);
      signer.initSign(key);
      signer.update(buffer, offset, length);
      return signer.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a CRL with " + ALGORITHM, e);
    }
  }

  private static int put(byte[] field, byte[] out, int at) {
    System.arraycopy(field, 0, out, at, field.length);
    return at + field.length;
  }

  private static byte[] der(ASN1Encodable value) {
    try {
      return value.toASN1Primitive().getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode " + value, e);
    }
  }
}
