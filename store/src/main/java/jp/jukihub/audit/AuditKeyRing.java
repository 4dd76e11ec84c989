package jp.jukihub.audit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The public keys a verifier trusts, by key id: each hub instance may sign its chain with its own
 * key, and a trail keeps the checkpoints of retired keys.
 */
public final class AuditKeyRing {
  private final Map<String, AuditPublicKey> keys = new LinkedHashMap<>();

  private AuditKeyRing(List<AuditPublicKey> trusted) {
    if (trusted.isEmpty()) {
      throw new IllegalArgumentException("a verifier needs at least one public key");
    }
    trusted.forEach(key -> keys.put(key.id(), key));
  }

  public static AuditKeyRing of(List<AuditPublicKey> trusted) {
    return new AuditKeyRing(trusted);
  }

  public static AuditKeyRing of(AuditPublicKey key) {
    return new AuditKeyRing(List.of(key));
  }

  boolean verifies(Checkpoint checkpoint) {
    AuditPublicKey key = keys.get(checkpoint.keyId());
    return key != null && key.verifies(checkpoint);
  }

  boolean verifies(String keyId, byte[] message, byte[] signature) {
    AuditPublicKey key = keys.get(keyId);
    return key != null && key.verifies(message, signature);
  }

  /** The trusted key ids, for messages. */
  public String ids() {
    return String.join(", ", keys.keySet());
  }
}
