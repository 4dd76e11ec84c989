package jp.jukihub.gateway.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import jp.jukihub.database.DatabaseOptions;

/**
 * Everything the hub is configured with, read once at start-up ({@link HubConfigLoader}) and
 * validated here, so a bad setting stops the start with a message naming the key.
 */
public record HubOptions(
    Listener http,
    int apiInstances,
    int maxBodyBytes,
    Listener ops,
    TlsOptions tls,
    Path dataDirectory,
    DatabaseOptions database,
    Path bodiesFile,
    Path lawTableFile,
    Path exchangeTableFile,
    Path firewallRulesFile,
    int firewallReloadMillis,
    LimitOptions limits,
    AuditOptions audit,
    TierOptions tiers,
    RegisterOptions register,
    JpkiOptions jpki,
    ProvisionOptions provision,
    PortalOptions portal,
    String region,
    String instance,
    long demoResidents,
    long demoSeed) {

  /** A host and port to listen on; port 0 picks a free one (tests). */
  public record Listener(String host, int port) {
    public Listener {
      if (host == null || host.isBlank()) {
        throw new ConfigException("host must not be empty");
      }
      if (port < 0 || port > 65_535) {
        throw new ConfigException("port must be 0-65535, got " + port);
      }
    }

    public boolean isLoopback() {
      try {
        return InetAddress.getByName(host).isLoopbackAddress();
      } catch (UnknownHostException e) {
        return false;
      }
    }
  }

  public HubOptions {
    if (apiInstances < 1 || apiInstances > 64) {
      throw new ConfigException("http.instances must be 1-64, got " + apiInstances);
    }
    if (maxBodyBytes < 1024) {
      throw new ConfigException("http.maxBodyBytes must be at least 1024, got " + maxBodyBytes);
    }
    if (region == null || !region.matches("[a-z0-9-]{1,32}")) {
      throw new ConfigException("metrics.region must be 1-32 of a-z, 0-9, '-', got " + region);
    }
    if (firewallReloadMillis < 100) {
      throw new ConfigException(
          "firewall.reloadMillis must be at least 100, got " + firewallReloadMillis);
    }
    if (demoResidents < 1) {
      throw new ConfigException("demo.residents must be positive");
    }
  }

  public Path jlisNumberKeyFile() {
    return register.numberKeyFile();
  }

  public HubOptions withTiers(TierOptions other) {
    return new HubOptions(
        http,
        apiInstances,
        maxBodyBytes,
        ops,
        tls,
        dataDirectory,
        database,
        bodiesFile,
        lawTableFile,
        exchangeTableFile,
        firewallRulesFile,
        firewallReloadMillis,
        limits,
        audit,
        other,
        register,
        jpki,
        provision,
        portal,
        region,
        instance,
        demoResidents,
        demoSeed);
  }

  public HubOptions withProvision(ProvisionOptions other) {
    return new HubOptions(
        http,
        apiInstances,
        maxBodyBytes,
        ops,
        tls,
        dataDirectory,
        database,
        bodiesFile,
        lawTableFile,
        exchangeTableFile,
        firewallRulesFile,
        firewallReloadMillis,
        limits,
        audit,
        tiers,
        register,
        jpki,
        other,
        portal,
        region,
        instance,
        demoResidents,
        demoSeed);
  }

  public HubOptions withFirewallRules(Path file) {
    return new HubOptions(
        http,
        apiInstances,
        maxBodyBytes,
        ops,
        tls,
        dataDirectory,
        database,
        bodiesFile,
        lawTableFile,
        exchangeTableFile,
        file,
        firewallReloadMillis,
        limits,
        audit,
        tiers,
        register,
        jpki,
        provision,
        portal,
        region,
        instance,
        demoResidents,
        demoSeed);
  }

  public HubOptions withLimits(LimitOptions other) {
    return new HubOptions(
        http,
        apiInstances,
        maxBodyBytes,
        ops,
        tls,
        dataDirectory,
        database,
        bodiesFile,
        lawTableFile,
        exchangeTableFile,
        firewallRulesFile,
        firewallReloadMillis,
        other,
        audit,
        tiers,
        register,
        jpki,
        provision,
        portal,
        region,
        instance,
        demoResidents,
        demoSeed);
  }

  public HubOptions withRegister(RegisterOptions other) {
    return new HubOptions(
        http,
        apiInstances,
        maxBodyBytes,
        ops,
        tls,
        dataDirectory,
        database,
        bodiesFile,
        lawTableFile,
        exchangeTableFile,
        firewallRulesFile,
        firewallReloadMillis,
        limits,
        audit,
        tiers,
        other,
        jpki,
        provision,
        portal,
        region,
        instance,
        demoResidents,
        demoSeed);
  }

  public HubOptions withDatabase(DatabaseOptions other) {
    return new HubOptions(
        http,
        apiInstances,
        maxBodyBytes,
        ops,
        tls,
        dataDirectory,
        other,
        bodiesFile,
        lawTableFile,
        exchangeTableFile,
        firewallRulesFile,
        firewallReloadMillis,
        limits,
        audit,
        tiers,
        register,
        jpki,
        provision,
        portal,
        region,
        instance,
        demoResidents,
        demoSeed);
  }

  /**
   * Both ports on loopback, each picked free by the system: for tests and benchmarks beside other
   * hubs.
   */
  public HubOptions withFreeLoopbackPorts() {
    Listener free = new Listener("127.0.0.1", 0);
    return withListeners(free, free).withPortal(portal.onListener(free));
  }

  public HubOptions withPortal(PortalOptions other) {
    return new HubOptions(
        http,
        apiInstances,
        maxBodyBytes,
        ops,
        tls,
        dataDirectory,
        database,
        bodiesFile,
        lawTableFile,
        exchangeTableFile,
        firewallRulesFile,
        firewallReloadMillis,
        limits,
        audit,
        tiers,
        register,
        jpki,
        provision,
        other,
        region,
        instance,
        demoResidents,
        demoSeed);
  }

  public HubOptions withListeners(Listener otherHttp, Listener otherOps) {
    return new HubOptions(
        otherHttp,
        apiInstances,
        maxBodyBytes,
        otherOps,
        tls,
        dataDirectory,
        database,
        bodiesFile,
        lawTableFile,
        exchangeTableFile,
        firewallRulesFile,
        firewallReloadMillis,
        limits,
        audit,
        tiers,
        register,
        jpki,
        provision,
        portal,
        region,
        instance,
        demoResidents,
        demoSeed);
  }

  public HubOptions withJpki(JpkiOptions other) {
    return new HubOptions(
        http,
        apiInstances,
        maxBodyBytes,
        ops,
        tls,
        dataDirectory,
        database,
        bodiesFile,
        lawTableFile,
        exchangeTableFile,
        firewallRulesFile,
        firewallReloadMillis,
        limits,
        audit,
        tiers,
        register,
        other,
        provision,
        portal,
        region,
        instance,
        demoResidents,
        demoSeed);
  }

  public HubOptions withAudit(AuditOptions other) {
    return new HubOptions(
        http,
        apiInstances,
        maxBodyBytes,
        ops,
        tls,
        dataDirectory,
        database,
        bodiesFile,
        lawTableFile,
        exchangeTableFile,
        firewallRulesFile,
        firewallReloadMillis,
        limits,
        other,
        tiers,
        register,
        jpki,
        provision,
        portal,
        region,
        instance,
        demoResidents,
        demoSeed);
  }
}
