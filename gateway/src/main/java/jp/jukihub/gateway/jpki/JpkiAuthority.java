package jp.jukihub.gateway.jpki;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import jp.jukihub.gateway.config.ConfigException;
import jp.jukihub.gateway.tls.CaFiles;
import jp.jukihub.gateway.tls.Pem;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * One of J-LIS's two certificate authorities of the public personal authentication service (公的
 * 個人認証サービス): the signing CA (署名用電子証明書) or the user-authentication CA (利用者証明用電子証明書). RSA-2048, as
 * the My Number card's certificates are. Created at first start, owner-only, under the data
 * directory; never in the repository. Issuance, revocation, CRLs and OCSP come with the rest of the
 * JPKI work.
 */
public final class JpkiAuthority {
  /** Which certificates a CA issues; the label names it in routes and files. */
  public enum Type {
    SIGN("sign", "JPKI Signature CA"),
    AUTH("auth", "JPKI User Authentication CA");

    private final String label;
    private final String commonName;

    Type(String label, String commonName) {
      this.label = label;
      this.commonName = commonName;
    }

    public String label() {
      return label;
    }

    /** The type a label names ("sign" or "auth"), if it names one. */
    public static java.util.Optional<Type> find(String label) {
      for (Type type : values()) {
        if (type.label.equals(label)) {
          return java.util.Optional.of(type);
        }
      }
      return java.util.Optional.empty();
    }

    /** As {@link #find}, for a label the store wrote (its check allows only the two). */
    public static Type of(String label) {
      return find(label)
          .orElseThrow(
              () -> new IllegalArgumentException("no JPKI certificate type '" + label + "'"));
    }
  }

  private static final Duration CA_VALIDITY = Duration.ofDays(3653);

  private final Type type;
  private final PrivateKey key;
  private final X509Certificate certificate;

  private JpkiAuthority(Type type, PrivateKey key, X509Certificate certificate) {
    this.type = type;
    this.key = key;
    this.certificate = certificate;
  }

  /**
   * The CA of {@code type} in {@code directory}; created there when neither file exists. Blocks.
   */
  public static JpkiAuthority loadOrCreate(Path directory, Type type, Clock clock) {
    CaFiles files =
        new CaFiles(
            directory.resolve("jpki-" + type.label + "-ca.key"),
            directory.resolve("jpki-" + type.label + "-ca.crt"),
            type.commonName);
    return files.exist("restore the other from backup")
        ? load(type, files.keyFile(), files.certificateFile())
        : create(type, files, clock);
  }

  public Type type() {
    return type;
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /** For issuing, CRLs and OCSP: never leaves the hub. */
  PrivateKey key() {
    return key;
  }

  private static JpkiAuthority load(Type type, Path keyFile, Path certificateFile) {
    PrivateKey key = Pem.readPrivateKey(keyFile);
    X509Certificate certificate = Pem.readCertificates(certificateFile).get(0);
    if (!(certificate.getPublicKey() instanceof RSAPublicKey rsa)
        || !(key instanceof java.security.interfaces.RSAPrivateCrtKey crt)
        || !crt.getModulus().equals(rsa.getModulus())) {
      throw new ConfigException(
          "the certificate in "
              + certificateFile
              + " is not the "
              + type.commonName
              + " of the RSA key in "
              + keyFile);
    }
    return new JpkiAuthority(type, key, certificate);
  }

  private static JpkiAuthority create(Type type, CaFiles files, Clock clock) {
    KeyPair pair = JpkiKeys.generate();
    X500Name name =
        new X500NameBuilder(BCStyle.INSTANCE)
            .addRDN(BCStyle.C, "JP")
            .addRDN(BCStyle.O, "JPKI (Juki Hub)")
            .addRDN(BCStyle.CN, type.commonName)
            .build();
    return new JpkiAuthority(type, pair.getPrivate(), files.create(pair, name, CA_VALIDITY, clock));
  }
}
