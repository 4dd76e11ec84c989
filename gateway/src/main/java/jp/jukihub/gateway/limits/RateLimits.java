package jp.jukihub.gateway.limits;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One token bucket per calling body, shared by every API verticle: the default rate, or the rate
 * configured for that body (burst: two seconds' worth). Rejections are counted per body.
 */
public final class RateLimits {
  private final double defaultRate;
  private final Map<String, Integer> perBody;
  private final LongSupplier clock;
  private final MeterRegistry registry;
  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

  public RateLimits(
      int defaultRate,
      Map<String, Integer> perBody,
      LongSupplier nanoClock,
      MeterRegistry registry) {
    this.defaultRate = defaultRate;
    this.perBody = Map.copyOf(perBody);
    this.clock = nanoClock;
    this.registry = registry;
  }

  /** 0 when the body may go on, else the nanoseconds until it may. */
  public long take(String bodyId) {
    long wait =
        buckets
            .computeIfAbsent(
                bodyId,
                id -> {
                  double rate = perBody.getOrDefault(id, (int) defaultRate);
                  return new TokenBucket(rate, 2 * rate, clock);
                })
            .take();
    if (wait > 0) {
      registry.counter("hub.ratelimit.rejections", "body", bodyId).increment();
    }
    return wait;
  }
}
