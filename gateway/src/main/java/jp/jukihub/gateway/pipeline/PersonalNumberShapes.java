package jp.jukihub.gateway.pipeline;

import java.util.regex.Pattern;

/**
 * Whether a caller-supplied token (a request id, an operator id) holds a digit group shaped like a
 * My Number (12 digits) or a resident code (11 digits), also when split by '-', '.' or '_' (e.g.
 * {@code 1234-5678-9012}). Such a token would carry a personal number into the logs and the audit
 * trail as it is.
 */
final class PersonalNumberShapes {
  // Eleven or more digits, each pair at most one separator apart.
  private static final Pattern LONG_DIGIT_GROUP = Pattern.compile("[0-9](?:[-._]?[0-9]){10,}");

  private PersonalNumberShapes() {}

  static boolean holdsOne(String token) {
    return LONG_DIGIT_GROUP.matcher(token).find();
  }
}
