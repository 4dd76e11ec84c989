package jp.jukihub.gateway.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.jukihub.database.Database;
import jp.jukihub.database.DatabaseOptions;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.tiers.ShipperSettings;
import jp.jukihub.tiers.TierTopology;

/**
 * The {@code tiers} section: where the municipal, prefecture and national tiers live (empty = the
 * hub's database), how the shipper carries changes between them, how long a lookup waits for the
 * national tier before it asks the resident's prefecture instead, and after how many failures in a
 * row, for how long, lookups stop asking it (its breaker).
 */
public record TierOptions(
    String municipalUrl,
    String nationalUrl,
    Map<String, String> prefectureUrls,
    boolean ship,
    int maxBatch,
    int idleWaitMillis,
    int nationalBudgetMillis,
    int nationalBreakerFailures,
    int nationalBreakerOpenMillis) {
  public static final int DEFAULT_NATIONAL_BUDGET_MILLIS = 200;
  public static final int DEFAULT_NATIONAL_BREAKER_FAILURES = 5;
  public static final int DEFAULT_NATIONAL_BREAKER_OPEN_MILLIS = 5_000;

  public TierOptions {
    if (nationalBudgetMillis < 1 || nationalBudgetMillis > 60_000) {
      throw new ConfigException(
          "tiers.nationalBudgetMillis must be 1-60000, got " + nationalBudgetMillis);
    }
    if (nationalBreakerFailures < 1 || nationalBreakerFailures > 10_000) {
      throw new ConfigException(
          "tiers.nationalBreakerFailures must be 1-10000, got " + nationalBreakerFailures);
    }
    if (nationalBreakerOpenMillis < 0 || nationalBreakerOpenMillis > 600_000) {
      throw new ConfigException(
          "tiers.nationalBreakerOpenMillis must be 0-600000, got " + nationalBreakerOpenMillis);
    }
    prefectureUrls = Map.copyOf(prefectureUrls);
    shipper(maxBatch, idleWaitMillis);
    topology(
        new DatabaseTarget("localhost", 5432, "check", "check", null),
        municipalUrl,
        nationalUrl,
        prefectureUrls);
  }

  public static TierOptions sharedDatabase() {
    return new TierOptions(
        null,
        null,
        Map.of(),
        true,
        ShipperSettings.DEFAULTS.maxBatch(),
        ShipperSettings.DEFAULTS.idleWaitMillis(),
        DEFAULT_NATIONAL_BUDGET_MILLIS,
        DEFAULT_NATIONAL_BREAKER_FAILURES,
        DEFAULT_NATIONAL_BREAKER_OPEN_MILLIS);
  }

  public TierTopology topology(DatabaseTarget hub) {
    return topology(hub, municipalUrl, nationalUrl, prefectureUrls);
  }

  /**
   * Blocking: the topology with every tier on a server of its own migrated, as its URL's user, and
   * the hub's roles given their logins there ({@link Database#prepareOther}), as {@code hub} (the
   * opened database's target) has them already. Pools then switch to a job's role with {@link
   * TierTopology#as}.
   */
  public TierTopology prepared(DatabaseTarget hub, DatabaseOptions database) {
    Map<DatabaseTarget, DatabaseTarget> prepared = new HashMap<>();
    List<DatabaseTarget> known = new ArrayList<>(List.of(hub));
    return topology(hub)
        .map(
            target ->
                prepared.computeIfAbsent(
                    target,
                    other -> {
                      if (other.sameDatabase(hub)) {
                        return hub;
                      }
                      // A server already prepared keeps the role passwords it was given.
                      DatabaseTarget beside =
                          known.stream().filter(other::sameServer).findFirst().orElse(hub);
                      DatabaseTarget ready = Database.prepareOther(other, beside, database);
                      known.add(ready);
                      return ready;
                    }));
  }

  public ShipperSettings shipper() {
    return shipper(maxBatch, idleWaitMillis);
  }

  public TierOptions withPrefectureUrls(Map<String, String> urls) {
    return new TierOptions(
        municipalUrl,
        nationalUrl,
        urls,
        ship,
        maxBatch,
        idleWaitMillis,
        nationalBudgetMillis,
        nationalBreakerFailures,
        nationalBreakerOpenMillis);
  }

  public TierOptions withNationalBudgetMillis(int millis) {
    return new TierOptions(
        municipalUrl,
        nationalUrl,
        prefectureUrls,
        ship,
        maxBatch,
        idleWaitMillis,
        millis,
        nationalBreakerFailures,
        nationalBreakerOpenMillis);
  }

  private static ShipperSettings shipper(int maxBatch, int idleWaitMillis) {
    try {
      return new ShipperSettings(maxBatch, idleWaitMillis, ShipperSettings.DEFAULTS.retryMillis());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), e);
    }
  }

  private static TierTopology topology(
      DatabaseTarget hub,
      String municipalUrl,
      String nationalUrl,
      Map<String, String> prefectureUrls) {
    try {
      Map<String, DatabaseTarget> separate = new java.util.LinkedHashMap<>();
      prefectureUrls.forEach((codes, url) -> separate.put(codes, DatabaseTarget.fromUri(url)));
      return TierTopology.of(hub, target(hub, municipalUrl), target(hub, nationalUrl), separate);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("tiers: " + e.getMessage(), e);
    }
  }

  private static DatabaseTarget target(DatabaseTarget hub, String url) {
    return url == null || url.isBlank() ? hub : DatabaseTarget.fromUri(url);
  }
}
