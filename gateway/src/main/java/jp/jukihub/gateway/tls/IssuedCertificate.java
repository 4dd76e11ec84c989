package jp.jukihub.gateway.tls;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** A certificate the body CA issued, with the private key it was issued for. */
public record IssuedCertificate(X509Certificate certificate, PrivateKey key) {
  public String certificatePem() {
    return Pem.certificate(certificate);
  }

  /** The key as PKCS#8 PEM ({@code BEGIN PRIVATE KEY}), which OpenSSL, curl and Vert.x read. */
  public String keyPem() {
    return Pem.privateKey(key);
  }

  /** Writes the key owner-only and the certificate, each replacing what was there. */
  public void write(Path certificateFile, Path keyFile) {
    Pem.writeSecret(keyFile, keyPem());
    Pem.writePublic(certificateFile, certificatePem());
  }
}
