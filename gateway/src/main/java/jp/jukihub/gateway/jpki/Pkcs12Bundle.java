package jp.jukihub.gateway.jpki;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Objects;

/**
 * A card's key and certificate as one PKCS#12 file under the holder's PIN, with the CA certificate
 * after it in the chain: what the hub hands out in place of a card's chip.
 *
 * <p>The JDK's own PKCS12 keystore is enough: since JDK 17 it writes AES-256 encryption and an
 * HMAC-SHA256 MAC, which OpenSSL 3 reads without {@code -legacy}. A JVM told to write the legacy
 * form ({@code keystore.pkcs12.legacy}) would break that; JpkiPkcs12BundleTest runs openssl to see.
 */
public final class Pkcs12Bundle {
  private Pkcs12Bundle() {}

  /** The bundle's bytes; {@code pin} both encrypts the key and protects the file's integrity. */
  public static byte[] write(
      PrivateKey key,
      X509Certificate certificate,
      X509Certificate caCertificate,
      char[] pin,
      String alias) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(caCertificate, "caCertificate");
    if (pin == null || pin.length == 0) {
      throw new IllegalArgumentException("a PKCS#12 bundle needs a PIN");
    }
    if (alias == null || alias.isBlank()) {
      throw new IllegalArgumentException("a PKCS#12 bundle needs an alias");
    }
    // Our own copy, so the caller's array stays theirs to clear and ours is cleared here.
    char[] secret = pin.clone();
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(alias, key, secret, new Certificate[] {certificate, caCertificate});
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      store.store(out, secret);
      return out.toByteArray();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot write a PKCS#12 bundle", e);
    } finally {
      Arrays.fill(secret, '\0');
    }
  }
}
