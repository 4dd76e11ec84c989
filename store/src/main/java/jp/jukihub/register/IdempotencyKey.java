package jp.jukihub.register;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;

/**
 * A caller's {@code Idempotency-Key} for one write, with a hash of the request it came with: a
 * retry with the same key and request gets the first answer; the same key on another request is
 * refused. Keys are scoped to the calling body.
 */
public record IdempotencyKey(String bodyId, String key, byte[] requestHash) {
  private static final int MAX_LENGTH = 128;

  public IdempotencyKey {
    if (key == null
        || key.isEmpty()
        || key.length() > MAX_LENGTH
        || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new HubException(
          ErrorCode.INVALID_REQUEST,
          "Idempotency-Key: 1-" + MAX_LENGTH + " visible ASCII characters");
    }
  }

  /**
   * The key for a request: its method, path and body decide whether a retry is the same request.
   */
  public static IdempotencyKey of(
      String bodyId, String key, String method, String path, byte[] body) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
      sha256.update(body);
      return new IdempotencyKey(bodyId, key, sha256.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }
}
