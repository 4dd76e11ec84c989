package jp.jukihub.gateway.config;

import java.util.Map;

/** The {@code limits} section: each calling body's request rate, and other rates for some bodies. */
public record LimitOptions(int ratePerSecond, Map<String, Integer> perBody) {
  public LimitOptions {
    perBody = Map.copyOf(perBody);
    if (ratePerSecond < 1) {
      throw new ConfigException("limits.ratePerSecond must be at least 1, got " + ratePerSecond);
    }
    perBody.forEach((body, rate) -> {
      if (rate == null || rate < 1) {
        throw new ConfigException("limits.perBody." + body + " must be at least 1");
      }
    });
  }
}
