package jp.jukihub.audit;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What one request that touched personal information reports to the trail: who asked, under which
 * affair and rule, about whom (the internal person id, never a My Number or name), what was
 * released, and keyed hashes binding the answer to its request. The writer adds time and chain.
 *
 * @param operator the person at the calling body, if the request named one
 * @param affair the law-table row that allowed the request, if any
 * @param firewallRule the firewall rule that let the request in, if any
 * @param subject the internal person id, when the request concerned one person
 * @param fields the fields released to the caller (empty when nothing was)
 * @param outcome {@code ok}, or the stable problem code the caller received
 */
public record AuditEvent(
    String requestId,
    String body,
    String operator,
    String zone,
    String route,
    String affair,
    String firewallRule,
    Long subject,
    List<String> fields,
    String outcome,
    int status,
    long latencyMicros,
    byte[] requestHash,
    byte[] answerHash) {
  private static final Pattern FIELD = Pattern.compile("[A-Za-z][A-Za-z0-9.]{0,63}");
  public static final int HASH_BYTES = 32;

  public AuditEvent {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(route, "route");
    Objects.requireNonNull(outcome, "outcome");
    fields = List.copyOf(fields);
    for (String field : fields) {
      if (!FIELD.matcher(field).matches()) {
        throw new IllegalArgumentException(
            "released field names are identifiers, got '" + field + "'");
      }
    }
    if (requestHash.length != HASH_BYTES || answerHash.length != HASH_BYTES) {
      throw new IllegalArgumentException("request and answer hashes are " + HASH_BYTES + " bytes");
    }
    if (latencyMicros < 0) {
      throw new IllegalArgumentException("latency must not be negative");
    }
  }
}
