package jp.jukihub.gateway.firewall;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
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
 * configured, the file is watched: a valid new version replaces the rules at once; an invalid or
 * unreadable one is refused, logged with the reason, and the old rules stay. {@link #status()} says
 * which rules are in force and how the last reload went (for the readiness check).
 */
public final class Firewall {
  private static final Logger log = LoggerFactory.getLogger(Firewall.class);

  private final AtomicReference<FirewallRules> rules;
  private final String source;
  private final Clock clock;
  private final MeterRegistry registry;
  private final AtomicReference<Status> status;
  private final Map<String, Counter> allowed = new ConcurrentHashMap<>();
  private final Map<String, Counter> denied = new ConcurrentHashMap<>();

  /**
   * The rules in force: where from, how many, since when; and the last reload, if the file changed
   * since the start.
   */
  public record Status(String source, int rules, Instant loadedAt, Optional<Reload> lastReload) {}

  /**
   * One reload of the rules file: applied, or refused with the reason (the file's problem, never a
   * request's data); a refused reload leaves the rules in force as they were.
   */
  public record Reload(Instant at, boolean applied, String reason) {}

  private Firewall(FirewallRules rules, String source, Clock clock, MeterRegistry registry) {
    this.rules = new AtomicReference<>(rules);
    this.source = source;
    this.clock = clock;
    this.registry = registry;
    counter("applied"); // both series exist at zero from the start, so rate() sees the first reload
    counter("refused");
    this.status =
        new AtomicReference<>(
            new Status(source, rules.rules().size(), clock.instant(), Optional.empty()));
  }

  /**
   * Loads the rules (a bad file stops the start) and, with a file, watches it every {@code
   * pollMillis}.
   */
  public static Firewall start(
      Vertx vertx,
      Path file,
      BodyRegistry bodies,
      MeterRegistry registry,
      long pollMillis,
      Clock clock) {
    Firewall firewall =
        new Firewall(
            FirewallRules.load(file, bodies),
            file == null ? "bundled firewall.yaml" : file.toString(),
            clock,
            registry);
    if (file != null) {
      // Compared by content, not time: a copy that keeps the old time is still a change.
      AtomicReference<String> seen = new AtomicReference<>(digestOrNull(file));
      vertx.setPeriodic(
          pollMillis,
          timer ->
              vertx
                  .executeBlocking(
                      () -> {
                        firewall.poll(file, bodies, seen);
                        return null;
                      })
                  .onFailure(e -> log.warn("cannot watch the firewall rules: {}", e.getMessage())));
    }
    return firewall;
  }

  /**
   * Blocking: reloads when the file's content changed; a file that cannot be read is refused once.
   */
  void poll(Path file, BodyRegistry bodies, AtomicReference<String> seen) {
    String now;
    try {
      now = digest(file);
    } catch (IOException e) {
      if (seen.getAndSet(null) != null) {
        refused(file, "cannot read " + file + ": " + e.getClass().getSimpleName());
      }
      return;
    }
    if (!now.equals(seen.getAndSet(now))) {
      reload(file, bodies);
    }
  }

  /** Blocking: reads and checks the file; keeps the old rules if it is not valid. */
  void reload(Path file, BodyRegistry bodies) {
    try {
      FirewallRules fresh = FirewallRules.load(file, bodies);
      rules.set(fresh);
      Instant now = clock.instant();
      status.set(
          new Status(source, fresh.rules().size(), now, Optional.of(new Reload(now, true, null))));
      reloads("applied");
      log.info("firewall rules reloaded from {}: {} rules", file, fresh.rules().size());
    } catch (ConfigException e) {
      refused(file, e.getMessage());
    }
  }

  private void refused(Path file, String reason) {
    status.updateAndGet(
        before ->
            new Status(
                before.source(),
                before.rules(),
                before.loadedAt(),
                Optional.of(new Reload(clock.instant(), false, reason))));
    reloads("refused");
    log.error("firewall rules in {} refused, the previous rules stay in force: {}", file, reason);
  }

  public Decision decide(Body caller, String method, String path) {
    Decision decision = rules.get().decide(caller, method, path);
    (decision.allowed() ? allowed : denied)
        .computeIfAbsent(decision.ruleId(), rule -> counter(rule, decision.allowed()))
        .increment();
    return decision;
  }

  private Counter counter(String rule, boolean allow) {
    return Counter.builder("hub.firewall.decisions")
        .description("requests decided, by the deciding rule")
        .tag("rule", rule)
        .tag("action", allow ? "allow" : "deny")
        .register(registry);
  }

  private void reloads(String outcome) {
    counter(outcome).increment();
  }

  private Counter counter(String outcome) {
    return Counter.builder("hub.firewall.reloads")
        .description("changes of the rules file, applied or refused")
        .tag("outcome", outcome)
        .register(registry);
  }

  public FirewallRules rules() {
    return rules.get();
  }

  /** The rules in force and the last reload's outcome. */
  public Status status() {
    return status.get();
  }

  private static String digestOrNull(Path file) {
    try {
      return digest(file);
    } catch (IOException e) {
      return null;
    }
  }

  private static String digest(Path file) throws IOException {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
