package jp.jukihub.gateway.jpki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;

/**
 * RSA-2048 key pairs, the size of every JPKI key: the two CAs' and each card's two (made here in
 * place of the card's chip, which makes them in hardware).
 */
public final class JpkiKeys {
  static final int BITS = 2048;

  private JpkiKeys() {}

  /**
   * A new RSA-2048 key pair. Blocks for about 100 ms (finding primes, longer on a busy machine):
   * never call it on an event loop; use {@code executeBlocking} or a worker.
   */
  public static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(BITS);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot make RSA-2048 keys", e);
    }
  }
}
