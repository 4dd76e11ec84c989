package jp.jukihub.gateway.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import jp.jukihub.gateway.config.ConfigException;
import jp.jukihub.keys.KeyFile;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * A certificate authority's key and certificate, a pair of files made together and kept together:
 * the hub's body CA and J-LIS's JPKI CAs are all created, and found half-missing, the same way.
 */
public record CaFiles(Path keyFile, Path certificateFile, String what) {
  // Certificates start a little in the past, so a caller whose clock runs behind can use one at
  // once.
  static final Duration BACKDATED = Duration.ofMinutes(5);

  /**
   * Whether both files exist; false when neither does. Only one of them is an error: {@code advice}
   * says what to do about it.
   */
  public boolean exist(String advice) {
    boolean hasKey = Files.exists(keyFile);
    boolean hasCertificate = Files.exists(certificateFile);
    if (hasKey != hasCertificate) {
      throw new ConfigException(
          "the "
              + what
              + " needs both "
              + keyFile
              + " and "
              + certificateFile
              + ", but only "
              + (hasKey ? keyFile : certificateFile)
              + " exists: "
              + advice);
    }
    return hasKey;
  }

  /**
   * A new self-signed CA for {@code pair}, valid for {@code validity}: it signs end certificates
   * and CRLs only, never another CA (pathLen 0). The key is written owner-only, then the
   * certificate.
   */
  public X509Certificate create(KeyPair pair, X500Name name, Duration validity, Clock clock) {
    Instant now = clock.instant();
    X509Certificate certificate;
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      certificate =
          BodyCertificateAuthority.sign(
              new JcaX509v3CertificateBuilder(
                      name,
                      BodyCertificateAuthority.serial(new SecureRandom()),
                      Date.from(now.minus(BACKDATED)),
                      Date.from(now.plus(validity)),
                      name,
                      pair.getPublic())
                  .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                  .addExtension(
                      Extension.keyUsage,
                      true,
                      new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                  .addExtension(
                      Extension.subjectKeyIdentifier,
                      false,
                      extensions.createSubjectKeyIdentifier(pair.getPublic())),
              pair.getPrivate());
    } catch (CertIOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the " + what + " certificate", e);
    }
    try {
      KeyFile.createOwnerOnly(keyFile, Pem.privateKey(pair.getPrivate()));
    } catch (FileAlreadyExistsException raced) {
      throw new ConfigException(
          "another process is creating the " + what + " in " + keyFile + " right now; try again");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the " + what + " key " + keyFile, e);
    }
    Pem.writePublic(certificateFile, Pem.certificate(certificate));
    return certificate;
  }
}
