package jp.jukihub.gateway.limits;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code ratePerSecond} tokens a second, at most {@code burst} saved up. Each
 * request takes one; when none is left, {@link #take} says how long until one will be.
 *
 * <p>A node of a cluster takes its share of the body's rate and burst ({@link #take(double)}): the
 * share may change between calls (a node joins or leaves), and the tokens saved up so far are kept
 * within the new burst.
 */
final class TokenBucket {
  private static final long NANOS = 1_000_000_000L;

  private final double ratePerNano;
  private final double burst;
  private final LongSupplier clock;
  private double tokens;
  private long last;

  TokenBucket(double ratePerSecond, double burst, LongSupplier nanoClock) {
    this.ratePerNano = ratePerSecond / NANOS;
    this.burst = burst;
    this.clock = nanoClock;
    this.tokens = burst;
    this.last = nanoClock.getAsLong();
  }

  /** Takes a token: 0 when granted, else the nanoseconds until a token will be there. */
  long take() {
    return take(1);
  }

  /**
   * Takes a token from {@code share} (0 to 1) of the rate and of the burst, the burst never below
   * one token (else a share of a small rate would never grant anything).
   */
  synchronized long take(double share) {
    long now = clock.getAsLong();
    double rate = ratePerNano * share;
    double cap = Math.max(1, burst * share);
    tokens = Math.min(cap, tokens + (now - last) * rate);
    last = now;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return (long) Math.ceil((1 - tokens) / rate);
  }
}
