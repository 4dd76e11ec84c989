package jp.jukihub.tiers;

/**
 * How the tier shipper works: events per transaction, how long an idle lane waits (for a NOTIFY, or
 * simply) before it looks again, and the pause before a failed lane reconnects.
 */
public record ShipperSettings(int maxBatch, int idleWaitMillis, int retryMillis) {
  public static final ShipperSettings DEFAULTS = new ShipperSettings(1_000, 20, 500);

  public ShipperSettings {
    if (maxBatch < 1 || maxBatch > 10_000) {
      throw new IllegalArgumentException("tiers.maxBatch must be 1-10000, got " + maxBatch);
    }
    if (idleWaitMillis < 1 || retryMillis < 1) {
      throw new IllegalArgumentException("tiers wait times must be positive");
    }
  }
}
