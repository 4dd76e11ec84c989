package jp.jukihub.audit;

import java.time.Instant;

/**
 * A signed statement that record {@code seq} of {@code chain} had hash {@code recordHash}, and that
 * its writer leaves at most {@code maxUnsigned} records between checkpoints (so deleted checkpoints
 * show).
 */
public record Checkpoint(
    String chain,
    long seq,
    byte[] recordHash,
    Instant signedAt,
    String keyId,
    long maxUnsigned,
    byte[] signature) {

  /** The bytes the signature covers. */
  byte[] signedBytes() {
    return new Canonical()
        .text("jukihub-audit-checkpoint-v1")
        .text(chain)
        .number(seq)
        .bytes(recordHash)
        .number(RecordHasher.micros(signedAt))
        .text(keyId)
        .number(maxUnsigned)
        .toByteArray();
  }
}
