package jp.jukihub.gateway.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import jp.jukihub.gateway.config.ConfigException;
import jp.jukihub.keys.KeyFile;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * PEM text for keys and certificates, as OpenSSL, curl and Vert.x read it. Keys are written as
 * PKCS#8 ({@code PRIVATE KEY}); keys are read in PKCS#8 or the older OpenSSL forms, so an operator
 * may bring a CA made with {@code openssl}.
 */
public final class Pem {
  private static final Base64.Encoder BASE64 = Base64.getMimeEncoder(64, new byte[] {'\n'});

  private Pem() {}

  public static String privateKey(PrivateKey key) {
    return block("PRIVATE KEY", key.getEncoded());
  }

  public static String certificate(X509Certificate certificate) {
    try {
      return block("CERTIFICATE", certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("cannot encode a certificate", e);
    }
  }

  static String certificates(List<X509Certificate> certificates) {
    return String.join("", certificates.stream().map(Pem::certificate).toList());
  }

  /** Every certificate in a PEM file, in file order; at least one. */
  public static List<X509Certificate> readCertificates(Path file) {
    try {
      byte[] text = Files.readAllBytes(file);
      List<X509Certificate> certificates =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(text))
              .stream()
              .map(X509Certificate.class::cast)
              .toList();
      if (certificates.isEmpty()) {
        throw new ConfigException(file + " holds no PEM certificate");
      }
      return certificates;
    } catch (NoSuchFileException e) {
      throw new ConfigException("no certificate file " + file);
    } catch (IOException | CertificateException e) {
      throw new ConfigException("cannot read certificates from " + file + ": " + e.getMessage(), e);
    }
  }

  public static PrivateKey readPrivateKey(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      Object read = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (read instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      if (read instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
      throw new ConfigException(file + " holds no unencrypted PEM private key");
    } catch (NoSuchFileException e) {
      throw new ConfigException("no key file " + file);
    } catch (IOException e) {
      throw new ConfigException(
          "cannot read the private key in " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes a public PEM file (a certificate), atomically replacing what was there. */
  public static void writePublic(Path file, String text) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path temporary = Files.createTempFile(parent, ".pem-", ".tmp");
      try {
        readableByAll(temporary); // a temporary file starts owner-only; a certificate is public
        Files.writeString(temporary, text, StandardCharsets.US_ASCII);
        Files.move(
            temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Writes a private key owner-only (see {@link KeyFile}), atomically replacing what was there. */
  static void writeSecret(Path file, String text) {
    try {
      KeyFile.replaceOwnerOnly(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static void readableByAll(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException notPosix) {
      // Non-POSIX file systems keep their default ACLs.
    }
  }

  static String block(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + BASE64.encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
