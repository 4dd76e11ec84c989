package jp.jukihub.gateway.firewall;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import jp.jukihub.gateway.body.Body;
import jp.jukihub.gateway.body.BodyRegistry;
import jp.jukihub.gateway.body.Zone;
import jp.jukihub.gateway.config.ConfigException;
import jp.jukihub.gateway.config.YamlData;

/**
 * The ordered rule file: the first rule that matches a request decides; a request no rule matches
 * is denied by the implicit last rule, {@code default-deny}. Loading checks every rule (known zones
 * and bodies, well-formed patterns and methods, unique ids) and names the one that is wrong.
 */
public final class FirewallRules {
  /** The rule that decides when none does. */
  public static final String DEFAULT_DENY = "default-deny";

  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final Pattern PATTERN =
      Pattern.compile("/([A-Za-z0-9._:-]+|\\*)(/([A-Za-z0-9._:-]+|\\*))*(/\\*\\*)?|/\\*\\*");
  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  private final List<FirewallRule> rules;

  private FirewallRules(List<FirewallRule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** The deciding rule for a request; {@code default-deny} when no rule matches. */
  public Decision decide(Body caller, String method, String path) {
    for (FirewallRule rule : rules) {
      if (rule.matches(caller, method, path)) {
        return new Decision(rule.id(), rule.allow(), rule);
      }
    }
    return DENIED_BY_DEFAULT;
  }

  private static final Decision DENIED_BY_DEFAULT = new Decision(DEFAULT_DENY, false, null);

  /** What the firewall decided, and by which rule ({@code null}: the default). */
  public record Decision(String ruleId, boolean allowed, FirewallRule rule) {
    /** The deciding rule in words, for people (built only when asked). */
    public String describe() {
      return rule == null ? DEFAULT_DENY + ": no rule allows it" : rule.describe();
    }
  }

  public List<FirewallRule> rules() {
    return rules;
  }

  /** The bundled demo rules, or the operator's file. */
  public static FirewallRules load(Path file, BodyRegistry bodies) {
    return of(
        YamlData.load(file, "/jp/jukihub/gateway/firewall.yaml", "firewall rules", "rules"),
        bodies);
  }

  static FirewallRules parse(String yaml, String source, BodyRegistry bodies) {
    return of(YamlData.parse(yaml, source, "rules"), bodies);
  }

  private static FirewallRules of(YamlData.Entries parsed, BodyRegistry bodies) {
    String source = parsed.source();
    List<?> entries = parsed.list();
    List<FirewallRule> rules = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < entries.size(); i++) {
      String where = source + ": rule " + (i + 1);
      if (!(entries.get(i) instanceof Map<?, ?> entry)) {
        throw new ConfigException(where + " must be a mapping");
      }
      YamlData.onlyKeys(entry, Set.of("id", "action", "from", "to", "methods"), where);
      String id = text(entry, "id", where);
      where = source + ": rule '" + id + "'";
      if (!ID.matcher(id).matches() || id.equals(DEFAULT_DENY) || !ids.add(id)) {
        throw new ConfigException(
            where + ": ids are unique, 1-63 of a-z 0-9 '-', and not '" + DEFAULT_DENY + "'");
      }
      String action = text(entry, "action", where);
      if (!action.equals("allow") && !action.equals("deny")) {
        throw new ConfigException(where + ": action must be allow or deny");
      }
      String to = text(entry, "to", where);
      if (!PATTERN.matcher(to).matches()) {
        throw new ConfigException(
            where
                + ": 'to' must be a path such as /v1/identity/** or /v1/municipalities/*/residents");
      }
      rules.add(
          new FirewallRule(
              id,
              action.equals("allow"),
              source(text(entry, "from", where), where, bodies),
              to,
              methods(entry.get("methods"), where)));
    }
    return new FirewallRules(rules);
  }

  private static FirewallRule.Source source(String from, String where, BodyRegistry bodies) {
    if (from.equals("any")) {
      return new FirewallRule.Source("any", "");
    }
    int colon = from.indexOf(':');
    String kind = colon < 0 ? "" : from.substring(0, colon);
    String name = from.substring(colon + 1);
    if (kind.equals("zone")) {
      for (Zone zone : Zone.values()) {
        if (zone.label().equals(name)) {
          return new FirewallRule.Source("zone", name);
        }
      }
      throw new ConfigException(where + ": no zone is called '" + name + "'");
    }
    if (kind.equals("body")) {
      if (bodies.find(name).isEmpty()) {
        throw new ConfigException(where + ": no registered body is called '" + name + "'");
      }
      return new FirewallRule.Source("body", name);
    }
    throw new ConfigException(where + ": 'from' must be any, zone:NAME or body:ID");
  }

  private static Set<String> methods(Object value, String where) {
    if (value == null) {
      return Set.of();
    }
    if (!(value instanceof List<?> list) || list.isEmpty()) {
      throw new ConfigException(where + ": methods must be a non-empty list (or left out for all)");
    }
    Set<String> methods = new LinkedHashSet<>();
    for (Object method : list) {
      String name = String.valueOf(method).toUpperCase(Locale.ROOT);
      if (!METHODS.contains(name)) {
        throw new ConfigException(where + ": unknown method '" + method + "'");
      }
      methods.add(name);
    }
    return Set.copyOf(methods);
  }

  private static String text(Map<?, ?> entry, String key, String where) {
    return YamlData.text(entry, key, where).strip();
  }
}
