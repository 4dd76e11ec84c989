package jp.jukihub.gateway.tls;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import jp.jukihub.gateway.config.ConfigException;
import jp.jukihub.gateway.config.TlsOptions;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * The hub's body CA: it issues each registered body's client certificate (and the hub's own server
 * certificate when the operator brings none). Created at first need under the data directory, or
 * loaded from {@code tls.caKeyFile}/{@code tls.caCertFile}. The certificate file may hold more than
 * one certificate: the first is the issuing CA, every one is trusted, so a new CA can be rolled in
 * while the old one's certificates are still in use.
 *
 * <p>Keys are EC P-256: a handshake signs with the server key on every new connection, and ECDSA
 * signs many times faster than RSA-2048 at comparable strength; every TLS stack in use reads it.
 */
public final class BodyCertificateAuthority {
  /**
   * Issued certificates last 397 days unless asked otherwise (the most the CA/B Forum allows
   * servers).
   */
  public static final Duration DEFAULT_VALIDITY = Duration.ofDays(397);

  private static final Duration CA_VALIDITY = Duration.ofDays(3653);

  private final PrivateKey key;
  private final List<X509Certificate> certificates;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  private BodyCertificateAuthority(
      PrivateKey key, List<X509Certificate> certificates, Clock clock) {
    this.key = key;
    this.certificates = List.copyOf(certificates);
    this.clock = clock;
  }

  /** The CA in the configured files, dating what it issues by {@code clock}. */
  public static BodyCertificateAuthority loadOrCreate(TlsOptions tls, Clock clock) {
    return loadOrCreate(tls.caKeyFile(), tls.caCertFile(), clock);
  }

  /**
   * The CA in these files; a new one written to them when neither exists. Blocks (file I/O, key
   * generation).
   */
  public static BodyCertificateAuthority loadOrCreate(
      Path keyFile, Path certificateFile, Clock clock) {
    CaFiles files = new CaFiles(keyFile, certificateFile, "body CA");
    boolean exist =
        files.exist(
            "restore the other from backup, or move it away to start a new CA (every body certificate must then be issued again)");
    return exist ? load(keyFile, certificateFile, clock) : create(files, clock);
  }

  /**
   * The CA certificates a file holds (for a hub that trusts the CA but keeps its key elsewhere).
   */
  public static List<X509Certificate> trustedIn(Path certificateFile) {
    return Pem.readCertificates(certificateFile);
  }

  /** The issuing CA's certificate. */
  public X509Certificate certificate() {
    return certificates.get(0);
  }

  /** Every CA certificate the hub trusts for client certificates, the issuing one first. */
  public List<X509Certificate> trusted() {
    return certificates;
  }

  /**
   * Writes {@link #trusted()} as PEM: a body's {@code ca.crt}, to check the hub's server
   * certificate with.
   */
  public void writeTrusted(Path file) {
    Pem.writePublic(file, Pem.certificates(certificates));
  }

  /**
   * A body's client certificate: its id in the subject and (the part that counts) as {@link
   * BodyCertificate}'s URI.
   */
  public IssuedCertificate issueBodyCertificate(String bodyId, Duration validity) {
    X500Name subject = bodySubject(bodyId);
    GeneralNames names = bodyNames(bodyId);
    KeyPair pair = newKeyPair();
    return new IssuedCertificate(
        issue(subject, names, KeyPurposeId.id_kp_clientAuth, validity, pair.getPublic()),
        pair.getPrivate());
  }

  /**
   * A body's client certificate for the key in {@code request}, a PKCS#10 request the body made
   * with its own key, which never leaves it. The request's signature proves the body holds that
   * key; its subject is ignored: the CA names the body itself.
   */
  public X509Certificate issueBodyCertificate(
      String bodyId, PKCS10CertificationRequest request, Duration validity) {
    PublicKey key = CertificateRequests.provenKey(request);
    return issue(
        bodySubject(bodyId), bodyNames(bodyId), KeyPurposeId.id_kp_clientAuth, validity, key);
  }

  /**
   * Revokes {@code serials}: the CRL in {@code crlFile} with them added, signed by this CA and
   * written in its place (atomically). Earlier entries stay.
   */
  public BodyCrl revoke(Set<BigInteger> serials, Path crlFile) {
    BodyCrl next =
        BodyCrl.revoking(
            BodyCrl.read(crlFile, certificates), serials, certificate(), key, clock.instant());
    Pem.writePublic(crlFile, next.pem());
    return next;
  }

  private static X500Name bodySubject(String bodyId) {
    return new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, "Juki Hub body")
        .addRDN(BCStyle.CN, bodyId)
        .build();
  }

  private static GeneralNames bodyNames(String bodyId) {
    return new GeneralNames(
        new GeneralName(GeneralName.uniformResourceIdentifier, BodyCertificate.uriOf(bodyId)));
  }

  /** A server certificate for the API, naming each of {@code names} (DNS names or IP addresses). */
  public IssuedCertificate issueServerCertificate(List<String> names, Duration validity) {
    X500Name subject =
        new X500NameBuilder(BCStyle.INSTANCE)
            .addRDN(BCStyle.O, "Juki Hub")
            .addRDN(BCStyle.CN, names.get(0))
            .build();
    GeneralNames alternatives =
        new GeneralNames(
            names.stream()
                .map(
                    name ->
                        new GeneralName(
                            isIpAddress(name) ? GeneralName.iPAddress : GeneralName.dNSName, name))
                .toArray(GeneralName[]::new));
    KeyPair pair = newKeyPair();
    return new IssuedCertificate(
        issue(subject, alternatives, KeyPurposeId.id_kp_serverAuth, validity, pair.getPublic()),
        pair.getPrivate());
  }

  /** Whether this CA (the issuing one) signed {@code certificate}. */
  public boolean issued(X509Certificate certificate) {
    try {
      certificate.verify(certificate().getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  static boolean isIpAddress(String name) {
    return name.contains(":") || name.matches("[0-9.]+");
  }

  private X509Certificate issue(
      X500Name subject,
      GeneralNames names,
      KeyPurposeId purpose,
      Duration validity,
      PublicKey subjectKey) {
    if (validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException(
          "a certificate must be valid for some time, got " + validity);
    }
    Instant now = clock.instant();
    Instant caExpires = certificate().getNotAfter().toInstant();
    if (!caExpires.isAfter(now)) {
      throw new IllegalStateException(
          "the body CA expired on "
              + caExpires
              + ": start a new CA (see ops/runbooks/body-certificates.md)");
    }
    // A certificate never outlives its CA.
    Instant notAfter = now.plus(validity).isAfter(caExpires) ? caExpires : now.plus(validity);
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  certificate(),
                  serial(),
                  Date.from(now.minus(CaFiles.BACKDATED)),
                  Date.from(notAfter),
                  subject,
                  subjectKey)
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
              .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
              .addExtension(Extension.subjectAlternativeName, false, names)
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  extensions.createSubjectKeyIdentifier(subjectKey))
              .addExtension(
                  Extension.authorityKeyIdentifier,
                  false,
                  extensions.createAuthorityKeyIdentifier(certificate()));
      return sign(builder, key);
    } catch (CertIOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a certificate", e);
    }
  }

  private static BodyCertificateAuthority load(Path keyFile, Path certificateFile, Clock clock) {
    PrivateKey key = Pem.readPrivateKey(keyFile);
    List<X509Certificate> certificates = Pem.readCertificates(certificateFile);
    if (!belongTogether(key, certificates.get(0).getPublicKey())) {
      throw new ConfigException(
          "the first certificate in "
              + certificateFile
              + " is not the body CA of the key in "
              + keyFile);
    }
    return new BodyCertificateAuthority(key, certificates, clock);
  }

  private static BodyCertificateAuthority create(CaFiles files, Clock clock) {
    KeyPair pair = newKeyPair();
    X500Name name =
        new X500NameBuilder(BCStyle.INSTANCE)
            .addRDN(BCStyle.O, "Juki Hub")
            .addRDN(BCStyle.CN, "Juki Hub body CA")
            .build();
    return new BodyCertificateAuthority(
        pair.getPrivate(), List.of(files.create(pair, name, CA_VALIDITY, clock)), clock);
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot make EC P-256 keys", e);
    }
  }

  private BigInteger serial() {
    return serial(random);
  }

  /**
   * A random 128-bit serial: unpredictable, so no one can make a certificate collide with one to
   * come.
   */
  static BigInteger serial(SecureRandom random) {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    BigInteger serial = new BigInteger(1, bytes);
    return serial.signum() == 0 ? BigInteger.ONE : serial;
  }

  static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(new JcaContentSignerBuilder(signatureAlgorithm(signer)).build(signer)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("cannot sign with the body CA key", e);
    }
  }

  // An operator's own CA may have an RSA key; the hub's are EC.
  static String signatureAlgorithm(PrivateKey key) {
    return switch (key.getAlgorithm()) {
      case "EC" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      default ->
          throw new ConfigException("the body CA key must be EC or RSA, not " + key.getAlgorithm());
    };
  }

  private static boolean belongTogether(PrivateKey key, PublicKey publicKey) {
    try {
      byte[] probe = new byte[32];
      new SecureRandom().nextBytes(probe);
      Signature signer = Signature.getInstance(signatureAlgorithm(key));
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(signatureAlgorithm(key));
      verifier.initVerify(publicKey);
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
