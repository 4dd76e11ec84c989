package jp.jukihub.gateway.body;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import jp.jukihub.gateway.config.ConfigException;

/**
 * Whom a row of a table names: one registered body ({@code body}, of its registered kind), or any
 * body of {@code kind}. The law table's callers, and the requesters and providers of the table of
 * lawful exchanges, are parties.
 */
public record Party(Optional<String> body, BodyKind kind) {

  /**
   * The party {@code entry} names with {@code body: ID} or {@code kind: KIND} (one of the two),
   * checked against the registry; {@code where} names the entry in errors.
   */
  public static Party read(Map<?, ?> entry, BodyRegistry bodies, String where) {
    Object body = entry.get("body");
    Object kind = entry.get("kind");
    if ((body == null) == (kind == null)) {
      throw new ConfigException(where + ": name either a body or a kind of body");
    }
    if (body != null) {
      String id = String.valueOf(body);
      Body found =
          bodies
              .find(id)
              .orElseThrow(
                  () -> new ConfigException(where + ": no registered body is called '" + id + "'"));
      return new Party(Optional.of(id), found.kind());
    }
    try {
      return new Party(
          Optional.empty(), BodyKind.valueOf(String.valueOf(kind).toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(where + ": no kind of body is called '" + kind + "'");
    }
  }

  /** Whether {@code candidate} is this party (or one of them). */
  public boolean covers(Body candidate) {
    return body.map(candidate.id()::equals).orElseGet(() -> candidate.kind() == kind);
  }

  /** The body's id, or "any" and the kind: {@code jps}, {@code any municipality}. */
  public String label() {
    return body.orElseGet(() -> "any " + kind.name().toLowerCase(Locale.ROOT));
  }
}
