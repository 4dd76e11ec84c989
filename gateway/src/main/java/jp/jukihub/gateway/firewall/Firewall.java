package jp.jukihub.gateway.firewall;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import jp.jukihub.gateway.body.Body;
import jp.jukihub.gateway.body.BodyRegistry;
import jp.jukihub.gateway.config.ConfigException;
import jp.jukihub.gateway.firewall.FirewallRules.Decision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules in force, shared by every API verticle, with a hit counter per rule. With a rule file
 * configured, the file is watched: a valid new version replaces the rules at once; an invalid one
 * is refused, logged with the reason, and the old rules stay.
 */
public final class Firewall {
  private static final Logger log = LoggerFactory.getLogger(Firewall.class);

  private final AtomicReference<FirewallRules> rules;
  private final MeterRegistry registry;
  private final Map<String, Counter> allowed = new ConcurrentHashMap<>();
  private final Map<String, Counter> denied = new ConcurrentHashMap<>();

  private Firewall(FirewallRules rules, MeterRegistry registry) {
    this.rules = new AtomicReference<>(rules);
    this.registry = registry;
  }

  /** Loads the rules (a bad file stops the start) and, with a file, watches it every {@code pollMillis}. */
  public static Firewall start(Vertx vertx, Path file, BodyRegistry bodies, MeterRegistry registry, long pollMillis) {
    Firewall firewall = new Firewall(FirewallRules.load(file, bodies), registry);
    if (file != null) {
      // Compared by content, not time: a copy that keeps the old time is still a change.
      AtomicReference<String> seen = new AtomicReference<>(digest(file));
      vertx.setPeriodic(pollMillis, timer ->
          vertx.executeBlocking(() -> {
                String now = digest(file);
                if (now != null && !now.equals(seen.getAndSet(now))) {
                  firewall.reload(file, bodies);
                }
                return null;
              })
              .onFailure(e -> log.warn("cannot watch the firewall rules: {}", e.getMessage())));
    }
    return firewall;
  }

  /** Blocking: reads and checks the file; keeps the old rules if it is not valid. */
  void reload(Path file, BodyRegistry bodies) {
    try {
      FirewallRules fresh = FirewallRules.load(file, bodies);
      rules.set(fresh);
      log.info("firewall rules reloaded from {}: {} rules", file, fresh.rules().size());
    } catch (ConfigException e) {
      log.error("firewall rules in {} refused, the previous rules stay in force: {}", file, e.getMessage());
    }
  }

  public Decision decide(Body caller, String method, String path) {
    Decision decision = rules.get().decide(caller, method, path);
    (decision.allowed() ? allowed : denied).computeIfAbsent(decision.ruleId(), rule -> counter(rule, decision.allowed())).increment();
    return decision;
  }

  private Counter counter(String rule, boolean allow) {
    return Counter.builder("hub.firewall.decisions")
        .description("requests decided, by the deciding rule")
        .tag("rule", rule)
        .tag("action", allow ? "allow" : "deny")
        .register(registry);
  }

  public FirewallRules rules() {
    return rules.get();
  }

  private static String digest(Path file) {
    try {
      byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
      return java.util.HexFormat.of().formatHex(hash);
    } catch (java.io.IOException | java.security.NoSuchAlgorithmException e) {
      return null;
    }
  }
}
