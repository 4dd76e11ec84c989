package jp.jukihub.identity.source;

import java.time.Duration;

/**
 * How long a read waits for the national tier ({@code budget}) before the prefecture tiers answer
 * instead, and when its breaker opens: after {@code failuresToOpen} failed or late reads in a row,
 * reads skip the national tier for {@code openFor}, then one probe read decides.
 */
public record NationalLimits(Duration budget, int failuresToOpen, Duration openFor) {
  public NationalLimits {
    if (budget.isNegative() || budget.isZero() || failuresToOpen < 1 || openFor.isNegative()) {
      throw new IllegalArgumentException(
          "a positive budget, at least one failure to open, and a non-negative open time");
    }
  }
}
