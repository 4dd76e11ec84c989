package jp.jukihub.gateway.firewall;

import java.util.Set;
import jp.jukihub.gateway.body.Body;

/**
 * One line of the rule file: {@code allow} or {@code deny} requests from a zone, a body or anyone,
 * to a path pattern, with some methods or all. Patterns are paths whose segments may be {@code *}
 * (any one segment) or end in {@code **} (any rest, none included).
 */
public record FirewallRule(String id, boolean allow, Source from, String to, Set<String> methods) {
  /** Who a rule is about: {@code zone:Z}, {@code body:B} or {@code any}. */
  public record Source(String kind, String name) {
    boolean matches(Body caller) {
      return switch (kind) {
        case "any" -> true;
        case "zone" -> caller.zone().label().equals(name);
        case "body" -> caller.id().equals(name);
        default -> false;
      };
    }

    @Override
    public String toString() {
      return kind.equals("any") ? "any" : kind + ":" + name;
    }
  }

  boolean matches(Body caller, String method, String path) {
    return from.matches(caller)
        && (methods.isEmpty() || methods.contains(method))
        && pathMatches(to, path);
  }

  static boolean pathMatches(String pattern, String path) {
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1); // the router takes /a/ for /a
    }
    String[] want = pattern.substring(1).split("/", -1);
    String[] have = path.startsWith("/") ? path.substring(1).split("/", -1) : new String[] {""};
    for (int i = 0; i < want.length; i++) {
      if (want[i].equals("**")) {
        return true;
      }
      if (i >= have.length
          || !(want[i].equals("*") ? !have[i].isEmpty() : want[i].equals(have[i]))) {
        return false;
      }
    }
    return want.length == have.length;
  }

  public String describe() {
    return id
        + ": "
        + (allow ? "allow" : "deny")
        + " "
        + from
        + " to "
        + to
        + (methods.isEmpty() ? " (any method)" : " " + methods);
  }
}
