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
 * @param counterpart the other body of an exchange between two bodies (番号法 art. 23: the provider on
 *     the requester's record, the requester on the provider's and the network's), by its registry
 *     id; null for a request that was no such exchange
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
    byte[] answerHash,
    String counterpart) {
  // The body registry's id shape (gateway BodyRegistry): a counterpart is a registered body.
  private static final Pattern BODY_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  public static final int HASH_BYTES = 32;

  public AuditEvent {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(route, "route");
    Objects.requireNonNull(outcome, "outcome");
    fields = List.copyOf(fields);
    for (String field : fields) {
      if (!isFieldName(field)) {
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
    if (counterpart != null && !BODY_ID.matcher(counterpart).matches()) {
      throw new IllegalArgumentException(
          "a counterpart is a body's registry id (a-z, 0-9, '-'), got '" + counterpart + "'");
    }
  }

  /**
   * An identifier: a letter, then up to 63 letters, digits, '.' or '-'. Checked for every field of
   * every record, so by hand rather than by a regular expression.
   */
  static boolean isFieldName(String field) {
    int length = field.length();
    if (length == 0 || length > 64 || !isLetter(field.charAt(0))) {
      return false;
    }
    for (int i = 1; i < length; i++) {
      char c = field.charAt(i);
      if (!isLetter(c) && !(c >= '0' && c <= '9') && c != '.' && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean isLetter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }
}
