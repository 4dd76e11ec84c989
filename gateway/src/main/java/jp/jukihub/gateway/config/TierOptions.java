package jp.jukihub.gateway.config;

import java.util.Map;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.tiers.ShipperSettings;
import jp.jukihub.tiers.TierTopology;

/**
 * The {@code tiers} section: where the municipal, prefecture and national tiers live (empty =
 * the hub's database), and how the shipper carries changes between them.
 */
public record TierOptions(
    String municipalUrl, String nationalUrl, Map<String, String> prefectureUrls, boolean ship, int maxBatch,
    int idleWaitMillis) {

  public TierOptions {
    prefectureUrls = Map.copyOf(prefectureUrls);
    shipper(maxBatch, idleWaitMillis);
    topology(DatabaseTarget.fromUri("postgresql://check@localhost:5432/check"), municipalUrl, nationalUrl, prefectureUrls);
  }

  public static TierOptions sharedDatabase() {
    return new TierOptions(null, null, Map.of(), true, ShipperSettings.DEFAULTS.maxBatch(), ShipperSettings.DEFAULTS.idleWaitMillis());
  }

  public TierTopology topology(DatabaseTarget hub) {
    return topology(hub, municipalUrl, nationalUrl, prefectureUrls);
  }

  public ShipperSettings shipper() {
    return shipper(maxBatch, idleWaitMillis);
  }

  public TierOptions withPrefectureUrls(Map<String, String> urls) {
    return new TierOptions(municipalUrl, nationalUrl, urls, ship, maxBatch, idleWaitMillis);
  }

  private static ShipperSettings shipper(int maxBatch, int idleWaitMillis) {
    try {
      return new ShipperSettings(maxBatch, idleWaitMillis, ShipperSettings.DEFAULTS.retryMillis());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), e);
    }
  }

  private static TierTopology topology(
      DatabaseTarget hub, String municipalUrl, String nationalUrl, Map<String, String> prefectureUrls) {
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
