package jp.jukihub.gateway.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.jukihub.gateway.config.ConfigException;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The body CA's certificate revocation list: the record of every body certificate revoked, signed
 * by the CA's key, published as one PEM file ({@code tls.caCertFile} with {@code .crl}). {@code hub
 * bodies revoke-cert} writes it where the key is; the hub reads it (and only trusts it when a CA it
 * trusts signed it), checks it at the handshake and on every request.
 */
public final class BodyCrl {
  /**
   * A list is good for this long. Vert.x's handshake check does not read nextUpdate; it is for
   * other readers (openssl, a body's own checks), and re-publishing within it is the operator's
   * rhythm.
   */
  static final Duration NEXT_UPDATE = Duration.ofDays(30);

  private final X509CRL crl;

  private BodyCrl(X509CRL crl) {
    this.crl = crl;
  }

  /** The serials this list revokes. */
  public Set<BigInteger> serials() {
    Set<? extends X509CRLEntry> entries = crl.getRevokedCertificates();
    return entries == null
        ? Set.of()
        : Set.copyOf(entries.stream().map(X509CRLEntry::getSerialNumber).toList());
  }

  public X509CRL crl() {
    return crl;
  }

  public String pem() {
    try {
      return Pem.block("X509 CRL", crl.getEncoded());
    } catch (CRLException e) {
      throw new IllegalStateException("cannot encode the body CRL", e);
    }
  }

  /**
   * The list in {@code file}, if there is one; fails (naming the file) when it is unreadable or no
   * CA in {@code trusted} signed it: a forged list must not stop, or let in, anyone.
   */
  public static Optional<BodyCrl> read(Path file, List<X509Certificate> trusted) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    X509CRL crl;
    try {
      crl =
          (X509CRL)
              CertificateFactory.getInstance("X.509")
                  .generateCRL(new ByteArrayInputStream(Files.readAllBytes(file)));
    } catch (IOException | CertificateException | CRLException | RuntimeException e) {
      throw new ConfigException("cannot read the body CRL " + file + ": " + e.getMessage(), e);
    }
    for (X509Certificate ca : trusted) {
      try {
        crl.verify(ca.getPublicKey());
        return Optional.of(new BodyCrl(crl));
      } catch (GeneralSecurityException wrongCa) {
        // try the next trusted CA
      }
    }
    throw new ConfigException("the body CRL " + file + " is not signed by a trusted body CA");
  }

  /**
   * A new list: {@code previous}'s entries and {@code serials} revoked at {@code now}, the next CRL
   * number, signed by the CA's key.
   */
  static BodyCrl revoking(
      Optional<BodyCrl> previous,
      Set<BigInteger> serials,
      X509Certificate ca,
      PrivateKey key,
      Instant now) {
    Map<BigInteger, Date> revoked = new LinkedHashMap<>();
    BigInteger number = BigInteger.ONE;
    if (previous.isPresent()) {
      X509CRL old = previous.get().crl;
      if (old.getRevokedCertificates() != null) {
        old.getRevokedCertificates()
            .forEach(entry -> revoked.put(entry.getSerialNumber(), entry.getRevocationDate()));
      }
      number = crlNumber(old).add(BigInteger.ONE);
    }
    serials.forEach(serial -> revoked.putIfAbsent(serial, Date.from(now)));
    try {
      X509v2CRLBuilder builder =
          new JcaX509v2CRLBuilder(ca, Date.from(now))
              .setNextUpdate(Date.from(now.plus(NEXT_UPDATE)));
      revoked.forEach((serial, when) -> builder.addCRLEntry(serial, when, CRLReason.unspecified));
      builder
          .addExtension(Extension.cRLNumber, false, new CRLNumber(number))
          .addExtension(
              Extension.authorityKeyIdentifier,
              false,
              new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca));
      X509CRLHolder holder =
          builder.build(
              new JcaContentSignerBuilder(BodyCertificateAuthority.signatureAlgorithm(key))
                  .build(key));
      return new BodyCrl(new JcaX509CRLConverter().getCRL(holder));
    } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot sign the body CRL", e);
    }
  }

  private static BigInteger crlNumber(X509CRL crl) {
    byte[] value = crl.getExtensionValue(Extension.cRLNumber.getId());
    if (value == null) {
      return BigInteger.ZERO;
    }
    try {
      return ASN1Integer.getInstance(
              org.bouncycastle.asn1.ASN1OctetString.getInstance(value).getOctets())
          .getValue();
    } catch (RuntimeException e) {
      return BigInteger.ZERO;
    }
  }
}
