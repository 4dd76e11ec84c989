package jp.jukihub.gateway.config;

import java.util.Map;

/**
 * The {@code limits} and {@code cache} sections: each calling body's request rate (and other rates
 * for some bodies), and how many identity records a node caches and for how long at most.
 */
public record LimitOptions(
    int ratePerSecond, Map<String, Integer> perBody, int cacheMaxEntries, int cacheTtlSeconds) {
  public LimitOptions {
    perBody = Map.copyOf(perBody);
    if (ratePerSecond < 1) {
      throw new ConfigException("limits.ratePerSecond must be at least 1, got " + ratePerSecond);
    }
    if (cacheMaxEntries < 1 || cacheTtlSeconds < 1) {
      throw new ConfigException("cache.maxEntries and cache.ttlSeconds must be at least 1");
    }
    perBody.forEach(
        (body, rate) -> {
          if (rate == null || rate < 1) {
            throw new ConfigException("limits.perBody." + body + " must be at least 1");
          }
        });
  }

  public LimitOptions(int ratePerSecond, Map<String, Integer> perBody) {
    this(ratePerSecond, perBody, 200_000, 600);
  }
}
