package jp.jukihub.audit;

/** The last record of a chain: where the next record links. Seq 0 with the genesis hash if empty. */
record ChainHead(long seq, byte[] hash) {
  static final ChainHead EMPTY = new ChainHead(0, RecordHasher.GENESIS);
}
