package jp.jukihub.gateway.config;

import jp.jukihub.database.DatabaseTarget;

/**
 * The {@code provision} section: where the intermediate servers (中間サーバー) keep the bodies' addresses
 * and copies. Empty = the national tier's database, where the network lives (J-LIS's platform); a
 * URL = a PostgreSQL database of their own, migrated at start like a tier's.
 */
public record ProvisionOptions(String intermediateUrl) {
  public ProvisionOptions {
    if (intermediateUrl != null && !intermediateUrl.isBlank()) {
      intermediate(DatabaseTarget.fromUri("postgresql://check@localhost/check"), intermediateUrl);
    }
  }

  public static ProvisionOptions onNationalTier() {
    return new ProvisionOptions(null);
  }

  /** The intermediate servers' database: their own, or {@code national}'s. */
  public DatabaseTarget intermediate(DatabaseTarget national) {
    return intermediate(national, intermediateUrl);
  }

  private static DatabaseTarget intermediate(DatabaseTarget national, String url) {
    if (url == null || url.isBlank()) {
      return national;
    }
    try {
      return DatabaseTarget.fromUri(url);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("provision.intermediateUrl: " + e.getMessage(), e);
    }
  }
}
