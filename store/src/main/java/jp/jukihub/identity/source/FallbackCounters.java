package jp.jukihub.identity.source;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.TimeoutException;

/**
 * {@code hub.identity.fallbacks}: reads the prefecture tiers answered, by why the national tier did
 * not: {@code slow} (not within its budget), {@code failed} (an error), {@code open} (its breaker
 * was open, so it was not asked). Registered once, each series there from the start.
 */
final class FallbackCounters {
  private final Counter slow;
  private final Counter failed;
  private final Counter open;

  FallbackCounters(MeterRegistry registry) {
    slow = counter(registry, "slow");
    failed = counter(registry, "failed");
    open = counter(registry, "open");
  }

  private static Counter counter(MeterRegistry registry, String reason) {
    return Counter.builder("hub.identity.fallbacks")
        .description(
            "Lookups the prefecture tiers answered because the national tier was slow or failed,"
                + " or its breaker open")
        .tag("reason", reason)
        .register(registry);
  }

  void count(Throwable cause) {
    if (cause instanceof BreakerOpenException) {
      open.increment();
    } else if (cause instanceof TimeoutException) {
      slow.increment();
    } else {
      failed.increment();
    }
  }
}
