package jp.jukihub.audit;

import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import jp.jukihub.keys.KeyFile;

/**
 * The request and answer hashes of audit records: HMAC-SHA-256 under the hub's audit hash key.
 *
 * <p>Keyed on purpose. A request often holds a 12-digit My Number with a check digit: a plain
 * SHA-256 of it could be reversed by trying all 10^11 numbers, turning a leaked trail into a list
 * of numbers. With the key (kept beside the hub's other keys, never in the repository) an auditor
 * can still prove that an answer belongs to its request.
 */
public final class AuditDigest {
  private static final String ALGORITHM = "HmacSHA256";
  private final SecretKeySpec key;
  // Mac instances are not thread-safe and slow to look up: one per event-loop thread, reused.
  private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

  private AuditDigest(byte[] key) {
    this.key = new SecretKeySpec(key, ALGORITHM);
  }

  public static AuditDigest loadOrCreate(Path file) {
    return new AuditDigest(KeyFile.loadOrCreate(file, 32));
  }

  public static AuditDigest of(byte[] key) {
    return new AuditDigest(key.clone());
  }

  /**
   * The canonical request: method, path with query, operator and the body bytes, each delimited.
   */
  public byte[] request(String method, String uri, String operator, byte[] body) {
    return keyed(new Canonical().text(method).text(uri).text(operator), body);
  }

  /** The answer exactly as sent: status, content type and body bytes. */
  public byte[] answer(int status, String contentType, byte[] body) {
    return keyed(new Canonical().number(status).text(contentType), body);
  }

  /**
   * HMAC of {@code head} followed by {@code body} as {@link Canonical#bytes} encodes it. The body
   * goes to the MAC as it is: on the request path it is not copied again into the encoding.
   */
  private byte[] keyed(Canonical head, byte[] body) {
    Mac mac = mac();
    mac.update(head.lengthPrefix(body.length).toByteArray());
    mac.update(body);
    return mac.doFinal();
  }

  private Mac mac() {
    Mac mac = macs.get();
    mac.reset();
    return mac;
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", e);
    }
  }
}
