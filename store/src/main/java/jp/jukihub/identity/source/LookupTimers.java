package jp.jukihub.identity.source;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * {@code hub.store.lookups}: how long a lookup's read took, by the tier that answered ({@code none}
 * when none did) and result. Each tag combination is registered at its first use (so the series are
 * those that happened) and kept in a slot: no map, string or meter lookup per read.
 */
final class LookupTimers {
  /** What a read came to, as the {@code result} tag says. */
  enum Result {
    FOUND,
    ABSENT,
    FAILED
  }

  private static final ServedBy[] TIERS = ServedBy.values();
  private static final Result[] RESULTS = Result.values();

  private final MeterRegistry registry;
  private final AtomicReferenceArray<Timer> timers =
      new AtomicReferenceArray<>((TIERS.length + 1) * RESULTS.length);

  LookupTimers(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Records a read that started at {@code startedNanos}; {@code tier} null: none answered. */
  void record(long startedNanos, ServedBy tier, Result result) {
    int slot = (tier == null ? TIERS.length : tier.ordinal()) * RESULTS.length + result.ordinal();
    Timer timer = timers.get(slot);
    if (timer == null) {
      // Registering twice in a race is harmless: the registry hands back the same timer.
      timer = register(tier, result);
      timers.set(slot, timer);
    }
    timer.record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
  }

  private Timer register(ServedBy tier, Result result) {
    return Timer.builder("hub.store.lookups")
        .description(
            "Identity reads of lookups, by the tier that answered (none when none did) and result")
        .tags(
            "tier",
            tier == null ? "none" : tier.label(),
            "result",
            result.name().toLowerCase(Locale.ROOT))
        .publishPercentileHistogram()
        .register(registry);
  }
}
