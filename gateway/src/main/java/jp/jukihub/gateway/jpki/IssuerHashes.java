package jp.jukihub.gateway.jpki;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.EnumMap;
import java.util.Map;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * A CA's issuerNameHash and issuerKeyHash for each hash a CertID may use, computed once so that a
 * request is matched by comparing bytes, never by hashing.
 */
final class IssuerHashes {
  private final JpkiAuthority.Type type;
  private final Map<CertId.Hash, byte[]> nameHashes = new EnumMap<>(CertId.Hash.class);
  private final Map<CertId.Hash, byte[]> keyHashes = new EnumMap<>(CertId.Hash.class);

  IssuerHashes(JpkiAuthority authority) {
    this.type = authority.type();
    X509Certificate certificate = authority.certificate();
    byte[] name = certificate.getSubjectX500Principal().getEncoded();
    // RFC 6960: the hash of the subjectPublicKey BIT STRING's value, without tag, length or unused
    // bits.
    byte[] key =
        SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded())
            .getPublicKeyData()
            .getBytes();
    for (CertId.Hash hash : CertId.Hash.values()) {
      nameHashes.put(hash, digest(hash, name));
      keyHashes.put(hash, digest(hash, key));
    }
  }

  JpkiAuthority.Type type() {
    return type;
  }

  /** Shared, never to be modified. */
  byte[] nameHash(CertId.Hash hash) {
    return nameHashes.get(hash);
  }

  /** Shared, never to be modified. */
  byte[] keyHash(CertId.Hash hash) {
    return keyHashes.get(hash);
  }

  private static byte[] digest(CertId.Hash hash, byte[] data) {
    try {
      return MessageDigest.getInstance(hash.jcaName()).digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM has no " + hash.jcaName(), e);
    }
  }
}
