package jp.jukihub.provision;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import jp.jukihub.number.ResidentCode;

/**
 * The network's secret (情報提供ネットワークシステムの鍵) and what it derives: the link, the network's own key for
 * a person (from the resident code J-LIS hands over), each body's token (符号) from the link, and the
 * keyed digest an acquisition number is remembered by. HMAC-SHA256 each, with a distinct label, so
 * no value reveals another, and none can be computed without the key.
 */
public final class NetworkKey {
  public static final int KEY_BYTES = 32;
  public static final int TOKEN_BYTES = 16;
  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;
  private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

  public NetworkKey(byte[] secret) {
    if (secret.length != KEY_BYTES) {
      throw new IllegalArgumentException("the network key must be " + KEY_BYTES + " bytes");
    }
    this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
  }

  /** The network's key for the person: the same for every body, kept only by the network. */
  public byte[] link(ResidentCode code) {
    return mac("link", code.value());
  }

  /** Body {@code bodyId}'s token for the person the link names. */
  public byte[] token(String bodyId, byte[] link) {
    return Arrays.copyOf(mac("token", bodyId, link), TOKEN_BYTES);
  }

  /**
   * The subject the provision records of an exchange about the person carry: negative, so it never
   * meets J-LIS's person ids (positive) in the audit trail, and found again only by whoever holds
   * the network's key and the person's link (My Portal, through the network).
   */
  public long recordSubject(byte[] link) {
    byte[] mac = mac("record", link);
    long bits = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      bits = (bits << 8) | (mac[i] & 0xff);
    }
    return -1 - (bits & Long.MAX_VALUE);
  }

  /** What an acquisition number is remembered by, for a while, instead of itself. */
  public byte[] acquisitionDigest(String bodyId, String acquisitionNumber) {
    return mac("acquisition", bodyId, acquisitionNumber);
  }

  private byte[] mac(String label, String... parts) {
    byte[][] bytes = new byte[parts.length][];
    for (int i = 0; i < parts.length; i++) {
      bytes[i] = parts[i].getBytes(StandardCharsets.UTF_8);
    }
    return mac(label, bytes);
  }

  private byte[] mac(String label, String part, byte[] last) {
    return mac(label, part.getBytes(StandardCharsets.UTF_8), last);
  }

  // Each part is length-prefixed, so ("ab", "c") and ("a", "bc") never collide.
  private byte[] mac(String label, byte[]... parts) {
    Mac mac = macs.get(); // doFinal leaves it reset for the next use
    byte[] name = label.getBytes(StandardCharsets.UTF_8);
    mac.update((byte) name.length);
    mac.update(name);
    for (byte[] part : parts) {
      mac.update(new byte[] {(byte) (part.length >>> 8), (byte) part.length});
      mac.update(part);
    }
    return mac.doFinal();
  }

  // A Mac is not thread-safe and costly to make: one per thread, made once (a query derives one).
  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}
