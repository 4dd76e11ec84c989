package jp.jukihub.gateway.limits;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code ratePerSecond} tokens a second, at most {@code burst} saved up. Each
 * request takes one; when none is left, {@link #take} says how long until one will be.
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
  synchronized long take() {
    long now = clock.getAsLong();
    tokens = Math.min(burst, tokens + (now - last) * ratePerNano);
    last = now;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return (long) Math.ceil((1 - tokens) / ratePerNano);
  }
}
