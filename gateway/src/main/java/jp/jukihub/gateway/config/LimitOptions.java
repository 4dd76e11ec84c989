package jp.jukihub.gateway.config;

import java.util.Map;

/**
 * The {@code limits} and {@code cache} sections: each calling body's request rate (and other rates
 * for some bodies), how many batches it may stream at once, how its clients are bounded ({@link
 * ClientOptions}), and how many identity records a node caches and for how long at most.
 */
public record LimitOptions(
    int ratePerSecond,
    Map<String, Integer> perBody,
    int cacheMaxEntries,
    int cacheTtlSeconds,
    int batchesPerBody,
    ClientOptions clients) {
  public LimitOptions {
    perBody = Map.copyOf(perBody);
    if (ratePerSecond < 1) {
      throw new ConfigException("limits.ratePerSecond must be at least 1, got " + ratePerSecond);
    }
    if (cacheMaxEntries < 1 || cacheTtlSeconds < 1) {
      throw new ConfigException("cache.maxEntries and cache.ttlSeconds must be at least 1");
    }
    if (batchesPerBody < 1) {
      throw new ConfigException("limits.batchesPerBody must be at least 1, got " + batchesPerBody);
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

  public LimitOptions(
      int ratePerSecond, Map<String, Integer> perBody, int cacheMaxEntries, int cacheTtlSeconds) {
    this(
        ratePerSecond,
        perBody,
        cacheMaxEntries,
        cacheTtlSeconds,
        ClientOptions.DEFAULT_BATCHES_PER_BODY,
        ClientOptions.DEFAULTS);
  }

  /** The same limits with other client bounds (tests). */
  public LimitOptions withClients(int batches, ClientOptions other) {
    return new LimitOptions(
        ratePerSecond, perBody, cacheMaxEntries, cacheTtlSeconds, batches, other);
  }

  /**
   * How a listener bounds its clients, so that many slow or idle ones cannot hold the heap or the
   * file descriptors: deadlines for a connection's silence, a request's head and its body; the
   * largest body of an ordinary JSON route; and how many connections one body (in development: one
   * remote address) and all together may hold.
   */
  public record ClientOptions(
      int idleTimeoutSeconds,
      int headerTimeoutMillis,
      int bodyTimeoutMillis,
      int batchTimeoutSeconds,
      int jsonBodyBytes,
      int connectionsPerBody,
      int connections) {
    static final int DEFAULT_BATCHES_PER_BODY = 2;
    public static final ClientOptions DEFAULTS =
        new ClientOptions(60, 10_000, 30_000, 300, 16_384, 1_000, 10_000);

    public ClientOptions {
      atLeastOne("limits.idleTimeoutSeconds", idleTimeoutSeconds);
      atLeastOne("limits.headerTimeoutMillis", headerTimeoutMillis);
      atLeastOne("limits.bodyTimeoutMillis", bodyTimeoutMillis);
      atLeastOne("limits.batchTimeoutSeconds", batchTimeoutSeconds);
      atLeastOne("limits.connectionsPerBody", connectionsPerBody);
      if (jsonBodyBytes < 1_024) {
        throw new ConfigException(
            "limits.jsonBodyBytes must be at least 1024 (a lookup's body), got " + jsonBodyBytes);
      }
      if (connections < connectionsPerBody) {
        throw new ConfigException(
            "limits.connections ("
                + connections
                + ") must be at least limits.connectionsPerBody ("
                + connectionsPerBody
                + ")");
      }
    }

    private static void atLeastOne(String key, int value) {
      if (value < 1) {
        throw new ConfigException(key + " must be at least 1, got " + value);
      }
    }
  }
}
