package jp.jukihub.gateway.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.jukihub.database.DatabaseOptions;
import jp.jukihub.register.GoLive;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads {@link HubOptions} in three layers: the bundled {@code defaults.yaml}, then an operator's
 * YAML file, then environment variables (so a container or a shell can change one setting without a
 * file). Unknown keys in the operator's file are errors: a typo must not silently do nothing.
 */
public final class HubConfigLoader {
  /** Environment variables and the keys they set. */
  static final Map<String, String> ENVIRONMENT_KEYS =
      Map.of(
          "JUKIHUB_HTTP_HOST", "http.host",
          "JUKIHUB_HTTP_PORT", "http.port",
          "JUKIHUB_OPS_HOST", "ops.host",
          "JUKIHUB_OPS_PORT", "ops.port",
          "JUKIHUB_PORTAL_HOST", "portal.host",
          "JUKIHUB_PORTAL_PORT", "portal.port",
          "JUKIHUB_DATA_DIR", "data.directory",
          "JUKIHUB_PG_URL", "database.url",
          "JUKIHUB_REGION", "metrics.region",
          "JUKIHUB_INSTANCE", "metrics.instance");

  private HubConfigLoader() {}

  /** Loads from the defaults, {@code file} (may be null) and {@code environment}. */
  public static HubOptions load(Path file, Map<String, String> environment) {
    Map<String, Object> settings = readDefaults();
    if (file != null) {
      overlay(settings, readFile(file), file.toString());
    }
    ENVIRONMENT_KEYS.forEach(
        (variable, key) -> {
          String value = environment.get(variable);
          if (value != null && !value.isEmpty()) {
            set(settings, key, value);
          }
        });
    return toOptions(new Settings(settings));
  }

  private static HubOptions toOptions(Settings s) {
    Path dataDirectory = Path.of(s.text("data.directory", "data"));
    String bodiesFile = s.optionalText("registry.bodiesFile");
    String firewallFile = s.optionalText("firewall.rulesFile");
    String lawTableFile = s.optionalText("registry.lawTableFile");
    String exchangeTableFile = s.optionalText("registry.exchangeTableFile");
    String instance = s.optionalText("metrics.instance");
    return new HubOptions(
        new HubOptions.Listener(s.text("http.host", null), s.integer("http.port")),
        s.integer("http.instances"),
        s.integer("http.maxBodyBytes"),
        new HubOptions.Listener(s.text("ops.host", null), s.integer("ops.port")),
        tlsOptions(s, dataDirectory),
        dataDirectory,
        databaseOptions(s, dataDirectory),
        bodiesFile == null ? null : Path.of(bodiesFile),
        lawTableFile == null ? null : Path.of(lawTableFile),
        exchangeTableFile == null ? null : Path.of(exchangeTableFile),
        firewallFile == null ? null : Path.of(firewallFile),
        s.integer("firewall.reloadMillis"),
        limitOptions(s),
        auditOptions(s, dataDirectory),
        tierOptions(s),
        registerOptions(s, dataDirectory),
        jpkiOptions(s, dataDirectory),
        new ProvisionOptions(s.optionalText("provision.intermediateUrl")),
        portalOptions(s),
        s.text("metrics.region", "local"),
        instance == null ? hostName() : instance,
        s.integer("demo.residents"),
        s.integer("demo.seed"));
  }

  private static PortalOptions portalOptions(Settings s) {
    return new PortalOptions(
        s.bool("portal.enabled"),
        new HubOptions.Listener(s.text("portal.host", null), s.integer("portal.port")),
        s.integer("portal.sessionIdleMinutes"),
        s.integer("portal.loginChallengeSeconds"),
        s.integer("portal.noticeEveryMillis"));
  }

  private static AuditOptions auditOptions(Settings s, Path dataDirectory) {
    Path keys = dataDirectory.resolve("keys");
    String signingKey = s.optionalText("audit.signingKeyFile");
    String hashKey = s.optionalText("audit.hashKeyFile");
    String witness = s.optionalText("audit.witnessFile");
    return new AuditOptions(
        s.integer("audit.queueCapacity"),
        s.integer("audit.maxBatch"),
        s.integer("audit.connections"),
        s.integer("audit.checkpointEveryRecords"),
        s.integer("audit.checkpointEveryMillis"),
        s.integer("audit.commitTimeoutMillis"),
        s.integer("audit.retentionYears"),
        signingKey == null ? keys.resolve("audit-signing.key") : Path.of(signingKey),
        hashKey == null ? keys.resolve("audit-hash.key") : Path.of(hashKey),
        witness == null
            ? dataDirectory.resolve("witness").resolve("audit-witness.log")
            : Path.of(witness));
  }

  private static JpkiOptions jpkiOptions(Settings s, Path dataDirectory) {
    String pairwiseKey = s.optionalText("jpki.pairwiseKeyFile");
    return new JpkiOptions(
        s.text("jpki.publicBaseUrl", null),
        s.integer("jpki.crlShards"),
        s.integer("jpki.crlCheckSeconds"),
        s.integer("jpki.crlRefreshHours"),
        s.integer("jpki.ocspValidityHours"),
        s.integer("jpki.ocspRefreshHours"),
        s.integer("jpki.ocspLiveInFlight"),
        s.integer("jpki.ocspAnswerMemoryMegabytes"),
        pairwiseKey == null
            ? dataDirectory.resolve("keys").resolve("jpki-pairwise.key")
            : Path.of(pairwiseKey));
  }

  private static TlsOptions tlsOptions(Settings s, Path dataDirectory) {
    Path keys = dataDirectory.resolve("keys");
    String caCert = s.optionalText("tls.caCertFile");
    String caKey = s.optionalText("tls.caKeyFile");
    String cert = s.optionalText("tls.certFile");
    String key = s.optionalText("tls.keyFile");
    if ((cert == null) != (key == null)) {
      throw new ConfigException(
          "tls.certFile and tls.keyFile go together: set both (your own server certificate) or neither (the hub issues its own)");
    }
    return new TlsOptions(
        caCert == null ? keys.resolve("body-ca.crt") : Path.of(caCert),
        caKey == null ? keys.resolve("body-ca.key") : Path.of(caKey),
        cert == null ? keys.resolve("server.crt") : Path.of(cert),
        key == null ? keys.resolve("server.key") : Path.of(key),
        cert == null,
        s.list("tls.serverNames"));
  }

  private static LimitOptions limitOptions(Settings s) {
    Map<String, Integer> perBody = new LinkedHashMap<>();
    Object raw = s.raw("limits.perBody");
    if (raw instanceof Map<?, ?> map) {
      map.forEach(
          (body, rate) -> {
            try {
              perBody.put(String.valueOf(body), Integer.parseInt(String.valueOf(rate).trim()));
            } catch (NumberFormatException e) {
              throw new ConfigException(
                  "limits.perBody." + body + " must be a whole number, got '" + rate + "'");
            }
          });
    } else if (raw != null && !raw.toString().isBlank()) {
      throw new ConfigException("limits.perBody must be a mapping of body ids to rates");
    }
    return new LimitOptions(
        s.integer("limits.ratePerSecond"),
        perBody,
        s.integer("cache.maxEntries"),
        s.integer("cache.ttlSeconds"),
        s.integer("limits.batchesPerBody"),
        new LimitOptions.ClientOptions(
            s.integer("limits.idleTimeoutSeconds"),
            s.integer("limits.headerTimeoutMillis"),
            s.integer("limits.bodyTimeoutMillis"),
            s.integer("limits.batchTimeoutSeconds"),
            s.integer("limits.jsonBodyBytes"),
            s.integer("limits.connectionsPerBody"),
            s.integer("limits.connections")));
  }

  private static TierOptions tierOptions(Settings s) {
    Object urls = s.raw("tiers.prefectureUrls");
    Map<String, String> prefectureUrls = new LinkedHashMap<>();
    if (urls instanceof Map<?, ?> map) {
      map.forEach((codes, url) -> prefectureUrls.put(String.valueOf(codes), String.valueOf(url)));
    } else if (urls != null && !urls.toString().isBlank()) {
      throw new ConfigException(
          "tiers.prefectureUrls must be a mapping of prefecture codes to database URLs");
    }
    return new TierOptions(
        s.optionalText("tiers.municipalUrl"),
        s.optionalText("tiers.nationalUrl"),
        prefectureUrls,
        s.bool("tiers.ship"),
        s.integer("tiers.maxBatch"),
        s.integer("tiers.idleWaitMillis"),
        s.integer("tiers.nationalBudgetMillis"),
        s.integer("tiers.nationalBreakerFailures"),
        s.integer("tiers.nationalBreakerOpenMillis"));
  }

  private static RegisterOptions registerOptions(Settings s, Path dataDirectory) {
    String keyFile = s.optionalText("register.numberKeyFile");
    // YAML reads an unquoted timestamp as a date; a quoted one (or an environment value) as text.
    Object raw = s.raw("register.goLive");
    String goLive = s.text("register.goLive", null);
    GoLive parsed;
    try {
      parsed =
          new GoLive(
              raw instanceof java.util.Date date
                  ? date.toInstant()
                  : OffsetDateTime.parse(goLive).toInstant());
    } catch (DateTimeParseException e) {
      throw new ConfigException(
          "register.goLive must be an instant like 2016-01-01T00:00:00+09:00, got '"
              + goLive
              + "'");
    }
    return new RegisterOptions(
        parsed,
        s.integer("register.codeBundleSize"),
        keyFile == null
            ? dataDirectory.resolve("keys").resolve("jlis-number.key")
            : Path.of(keyFile));
  }

  private static DatabaseOptions databaseOptions(Settings s, Path dataDirectory) {
    try {
      return new DatabaseOptions(
          s.optionalText("database.url"),
          dataDirectory.resolve("pg"),
          s.integer("database.poolSize"),
          s.bool("database.acceptOwnerRights"),
          s.bool("database.developmentOnly"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), e);
    }
  }

  private static Map<String, Object> readDefaults() {
    try (InputStream in =
        HubConfigLoader.class.getResourceAsStream("/jp/jukihub/gateway/defaults.yaml")) {
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "bundled defaults");
    } catch (IOException e) {
      throw new ConfigException("cannot read the bundled defaults", e);
    }
  }

  private static Map<String, Object> readFile(Path file) {
    try {
      return parse(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new ConfigException(
          "cannot read configuration file " + file + ": " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(String text, String source) {
    try {
      Object parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
      if (parsed == null) {
        return new LinkedHashMap<>();
      }
      if (!(parsed instanceof Map)) {
        throw new ConfigException(source + ": must be a YAML mapping of sections");
      }
      return new LinkedHashMap<>((Map<String, Object>) parsed);
    } catch (YAMLException e) {
      throw new ConfigException(source + ": not valid YAML: " + e.getMessage(), e);
    }
  }

  /** Copies {@code overrides} onto {@code base}, refusing keys the defaults do not have. */
  @SuppressWarnings("unchecked")
  private static void overlay(
      Map<String, Object> base, Map<String, Object> overrides, String source) {
    overrides.forEach(
        (section, value) -> {
          if (!(base.get(section) instanceof Map<?, ?> baseSection)) {
            throw new ConfigException(source + ": unknown section '" + section + "'");
          }
          if (!(value instanceof Map<?, ?> overrideSection)) {
            throw new ConfigException(source + ": section '" + section + "' must be a mapping");
          }
          Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) baseSection);
          overrideSection.forEach(
              (key, setting) -> {
                if (!merged.containsKey(String.valueOf(key))) {
                  throw new ConfigException(source + ": unknown key '" + section + "." + key + "'");
                }
                merged.put(String.valueOf(key), setting);
              });
          base.put(section, merged);
        });
  }

  @SuppressWarnings("unchecked")
  private static void set(Map<String, Object> settings, String key, Object value) {
    String[] parts = key.split("\\.", 2);
    Map<String, Object> section = new LinkedHashMap<>((Map<String, Object>) settings.get(parts[0]));
    section.put(parts[1], value);
    settings.put(parts[0], section);
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** Typed reads of dotted keys, with messages that name the key. */
  private record Settings(Map<String, Object> root) {
    Object raw(String key) {
      String[] parts = key.split("\\.", 2);
      Object section = root.get(parts[0]);
      return section instanceof Map<?, ?> map ? map.get(parts[1]) : null;
    }

    String optionalText(String key) {
      Object value = raw(key);
      return value == null || value.toString().isBlank() ? null : value.toString();
    }

    String text(String key, String fallback) {
      String value = optionalText(key);
      if (value == null && fallback == null) {
        throw new ConfigException(key + " must be set");
      }
      return value == null ? fallback : value;
    }

    /** A YAML list, or comma-separated text (as an environment variable would give it). */
    List<String> list(String key) {
      Object value = raw(key);
      if (value instanceof List<?> items) {
        return items.stream()
            .map(item -> String.valueOf(item).strip())
            .filter(item -> !item.isEmpty())
            .toList();
      }
      String text = value == null ? "" : value.toString();
      return Arrays.stream(text.split(","))
          .map(String::strip)
          .filter(item -> !item.isEmpty())
          .toList();
    }

    boolean bool(String key) {
      Object value = raw(key);
      if (value instanceof Boolean flag) {
        return flag;
      }
      String text = String.valueOf(value).trim();
      if (text.equals("true") || text.equals("false")) {
        return Boolean.parseBoolean(text);
      }
      throw new ConfigException(key + " must be true or false, got '" + value + "'");
    }

    int integer(String key) {
      Object value = raw(key);
      if (value instanceof Integer number) {
        return number;
      }
      try {
        return Integer.parseInt(String.valueOf(value).trim());
      } catch (NumberFormatException e) {
        throw new ConfigException(key + " must be a whole number, got '" + value + "'");
      }
    }
  }
}
