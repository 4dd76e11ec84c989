package jp.jukihub.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** The public half of the checkpoint key: all a verifier needs, offline included. */
public final class AuditPublicKey {
  private final Ed25519PublicKeyParameters key;
  private final String id;

  private AuditPublicKey(byte[] encoded) {
    this.key = new Ed25519PublicKeyParameters(encoded, 0);
    this.id = idOf(encoded);
  }

  public static AuditPublicKey of(byte[] encoded) {
    if (encoded.length != Ed25519PublicKeyParameters.KEY_SIZE) {
      throw new IllegalArgumentException(
          "an Ed25519 public key is "
              + Ed25519PublicKeyParameters.KEY_SIZE
              + " bytes, got "
              + encoded.length);
    }
    return new AuditPublicKey(encoded.clone());
  }

  /** Parses the hex form {@code hub audit public-key} prints. */
  public static AuditPublicKey parse(String hex) {
    try {
      return of(HexFormat.of().parseHex(hex.strip()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "not an audit public key (64 hex digits): " + e.getMessage(), e);
    }
  }

  /** The public key of an existing signing-key file; never creates one. */
  public static AuditPublicKey fromSigningKeyFile(Path file) {
    if (!Files.exists(file)) {
      throw new IllegalStateException(
          "no audit signing key at " + file + ": pass the public key with --public-key");
    }
    return AuditSigningKey.load(file).publicKey();
  }

  /** Short, stable name of the key, written into each checkpoint. */
  public String id() {
    return id;
  }

  public String hex() {
    return HexFormat.of().formatHex(key.getEncoded());
  }

  public boolean verifies(Checkpoint checkpoint) {
    if (!checkpoint.keyId().equals(id)) {
      return false;
    }
    return verifies(checkpoint.signedBytes(), checkpoint.signature());
  }

  public boolean verifies(byte[] message, byte[] signature) {
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, key);
    verifier.update(message, 0, message.length);
    return verifier.verifySignature(signature);
  }

  private static String idOf(byte[] encoded) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(encoded);
      return "ed25519:" + HexFormat.of().formatHex(Arrays.copyOf(digest, 8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }
}
