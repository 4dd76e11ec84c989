package jp.jukihub.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import jp.jukihub.keys.KeyFile;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The writer's Ed25519 key for checkpoints. Kept in a key file outside the repository (created at
 * first start, owner-only); {@code hub audit public-key} prints the public half for verifiers.
 */
public final class AuditSigningKey {
  private final Ed25519PrivateKeyParameters privateKey;
  private final AuditPublicKey publicKey;

  private AuditSigningKey(byte[] seed) {
    this.privateKey = new Ed25519PrivateKeyParameters(seed, 0);
    this.publicKey = AuditPublicKey.of(privateKey.generatePublicKey().getEncoded());
  }

  public static AuditSigningKey loadOrCreate(Path file) {
    return new AuditSigningKey(KeyFile.loadOrCreate(file, Ed25519PrivateKeyParameters.KEY_SIZE));
  }

  /** The key of an existing file; for tools that must not mint a key of their own. */
  public static AuditSigningKey load(Path file) {
    if (!Files.exists(file)) {
      throw new IllegalStateException(
          "no audit signing key at "
              + file
              + ": run the hub once, or set audit.signingKeyFile to the key the hub uses");
    }
    return loadOrCreate(file);
  }

  public static AuditSigningKey of(byte[] seed) {
    return new AuditSigningKey(seed.clone());
  }

  public AuditPublicKey publicKey() {
    return publicKey;
  }

  /** A detached signature over any bytes (export manifests). */
  public byte[] sign(byte[] message) {
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, privateKey);
    signer.update(message, 0, message.length);
    return signer.generateSignature();
  }

  public Checkpoint sign(
      String chain, long seq, byte[] recordHash, Instant signedAt, long maxUnsigned) {
    Checkpoint unsigned =
        new Checkpoint(
            chain,
            seq,
            recordHash,
            signedAt.truncatedTo(ChronoUnit.MICROS),
            publicKey.id(),
            maxUnsigned,
            new byte[0]);
    return new Checkpoint(
        chain,
        seq,
        recordHash,
        unsigned.signedAt(),
        publicKey.id(),
        maxUnsigned,
        sign(unsigned.signedBytes()));
  }
}
