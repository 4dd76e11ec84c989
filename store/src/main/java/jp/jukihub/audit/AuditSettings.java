package jp.jukihub.audit;

/**
 * How the writer groups and signs.
 *
 * @param chain this writer's chain: the hub instance name, unique per running instance
 * @param queueCapacity records waiting for a commit; beyond it requests fail closed at once
 * @param maxBatch most records in one transaction
 * @param connections batches committing at once, each on its own connection (in chain order)
 * @param checkpointEveryRecords sign a checkpoint after this many records...
 * @param checkpointEveryMillis ...or after this long, whichever comes first
 * @param commitTimeoutMillis a request whose record has not committed by then gets 503, even when
 *     the database hangs (its batch is also cut off by the server's statement_timeout)
 * @param retryMillis while the store is down, how often the writer tries to reconnect
 */
public record AuditSettings(
    String chain,
    int queueCapacity,
    int maxBatch,
    int connections,
    int checkpointEveryRecords,
    long checkpointEveryMillis,
    int commitTimeoutMillis,
    long retryMillis) {

  /** How often a writer whose store is down tries again. */
  public static final long RETRY_MILLIS = 500;

  public AuditSettings {
    if (chain == null || !chain.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException(
          "audit chain (the instance name) must be 1-64 of A-Z a-z 0-9 . _ -, got " + chain);
    }
    positive("audit.queueCapacity", queueCapacity);
    positive("audit.maxBatch", maxBatch);
    positive("audit.connections", connections);
    positive("audit.checkpointEveryRecords", checkpointEveryRecords);
    positive("audit.checkpointEveryMillis", checkpointEveryMillis);
    positive("audit.commitTimeoutMillis", commitTimeoutMillis);
    positive("audit.retryMillis", retryMillis);
  }

  /**
   * Most records that can follow a checkpoint before the next: a count-due checkpoint lands at the
   * end of its batch, and after a failure the next batch carries one.
   */
  public long maxUnsignedRecords() {
    return (long) checkpointEveryRecords + 2L * maxBatch;
  }

  /**
   * Most records one body may have in the queue: a quarter of it, so one body flooding the trail
   * leaves three quarters to the others; but at least one batch's worth (a small queue is not split
   * finer than a batch).
   */
  public int bodyShare() {
    return Math.max(queueCapacity / 4, Math.min(queueCapacity, maxBatch));
  }

  public static AuditSettings defaults(String chain) {
    return new AuditSettings(chain, 16_384, 2_000, 2, 10_000, 1_000, 1_000, RETRY_MILLIS);
  }

  private static void positive(String name, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
