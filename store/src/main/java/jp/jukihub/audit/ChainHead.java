package jp.jukihub.audit;

import java.time.Instant;

/**
 * The last record of a chain: where the next record links. Seq 0 with the genesis hash if empty.
 */
record ChainHead(long seq, byte[] hash, Instant lastAt) {
  static final ChainHead EMPTY = new ChainHead(0, RecordHasher.GENESIS, Instant.EPOCH);

  ChainHead(long seq, byte[] hash) {
    this(seq, hash, Instant.EPOCH);
  }
}
