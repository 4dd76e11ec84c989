package jp.jukihub.jlis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import jp.jukihub.number.MyNumber;
import jp.jukihub.number.ResidentCode;

/**
 * J-LIS's conversion of a resident code into the number that becomes the person's My Number
 * (番号法第8条): HMAC-SHA256 under J-LIS's secret key, reduced to 11 digits, plus the check digit.
 *
 * <p>Without the key neither number can be inferred from the other (HMAC is a keyed one-way
 * function). Different resident codes can land on the same 11 digits; the caller then asks for the
 * next attempt, which mixes the attempt number into the MAC, so the resolution is deterministic for
 * a given key, resident code and set of numbers already issued.
 *
 * <p>Not thread-safe (one {@link Mac} per instance); create one per thread.
 */
public final class MyNumberGenerator {
  public static final int KEY_BYTES = 32;
  private static final long BASE_LIMIT = 100_000_000_000L;
  private static final String ALGORITHM = "HmacSHA256";

  private final Mac mac;

  public MyNumberGenerator(byte[] key) {
    if (key.length < KEY_BYTES) {
      throw new IllegalArgumentException(
          "the J-LIS number key needs at least " + KEY_BYTES + " bytes");
    }
    try {
      mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  /**
   * The candidate number for {@code residentCode} at {@code attempt} (0 first; the next one after
   * each collision).
   */
  public MyNumber candidate(ResidentCode residentCode, int attempt) {
    mac.update(residentCode.value().getBytes(StandardCharsets.US_ASCII));
    if (attempt > 0) {
      mac.update(ByteBuffer.allocate(Integer.BYTES).putInt(attempt).array());
    }
    byte[] digest = mac.doFinal();
    // 64 bits reduced mod 10^11: the bias is below 10^-8, far beneath any use of it.
    long bits = ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
    return MyNumber.fromBase(Long.remainderUnsigned(bits, BASE_LIMIT));
  }
}
