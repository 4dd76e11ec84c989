package jp.jukihub.tiers;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;

/**
 * One lane's meters, tagged by the tier it feeds (prefecture or national): lag, events, failures.
 */
final class TierMeters {
  private final Timer lag;
  private final Counter events;
  private final Counter failures;

  TierMeters(MeterRegistry registry, String tier) {
    lag =
        Timer.builder("hub.tier.lag")
            .description("time from a change's municipal commit to its apply in this tier")
            .tag("tier", tier)
            .publishPercentileHistogram()
            .publishPercentiles(0.5, 0.99)
            .maximumExpectedValue(Duration.ofMinutes(5))
            .register(registry);
    events =
        Counter.builder("hub.tier.events")
            .description("change events applied")
            .tag("tier", tier)
            .register(registry);
    failures =
        Counter.builder("hub.tier.failures")
            .description("shipping attempts that failed and will be retried")
            .tag("tier", tier)
            .register(registry);
  }

  void applied(Iterable<TierEvent> batch, Instant now) {
    for (TierEvent event : batch) {
      // A wall clock stepped back (NTP) makes a negative lag, which a timer refuses by throwing.
      Duration lagged = Duration.between(event.originAt(), now);
      lag.record(lagged.isNegative() ? Duration.ZERO : lagged);
      events.increment();
    }
  }

  void failed() {
    failures.increment();
  }
}
