package jp.jukihub.gateway.limits;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * One token bucket per calling body, shared by every API verticle: the default rate, or the rate
 * configured for that body (burst: two seconds' worth). Rejections are counted per body.
 *
 * <p>The rates are the cluster's: with N live hub nodes ({@code nodes}), each node grants a body
 * 1/N of its rate and burst, so N nodes together never grant more than the rate. A body whose
 * requests all reach one node (a single connection) gets 1/N of its rate meanwhile: the balancer
 * spreads connections, not requests.
 */
public final class RateLimits {
  private final double defaultRate;
  private final Map<String, Integer> perBody;
  private final LongSupplier clock;
  private final MeterRegistry registry;
  private final IntSupplier nodes;
  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

  public RateLimits(
      int defaultRate,
      Map<String, Integer> perBody,
      LongSupplier nanoClock,
      MeterRegistry registry,
      IntSupplier nodes) {
    this.defaultRate = defaultRate;
    this.perBody = Map.copyOf(perBody);
    this.clock = nanoClock;
    this.registry = registry;
    this.nodes = nodes;
  }

  /** A single node's limits: the whole rate here. */
  public RateLimits(
      int defaultRate,
      Map<String, Integer> perBody,
      LongSupplier nanoClock,
      MeterRegistry registry) {
    this(defaultRate, perBody, nanoClock, registry, () -> 1);
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
            .take(1.0 / Math.max(1, nodes.getAsInt()));
    if (wait > 0) {
      registry.counter("hub.ratelimit.rejections", "body", bodyId).increment();
    }
    return wait;
  }
}
