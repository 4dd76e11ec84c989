package jp.jukihub.gateway.pipeline;

/**
 * Whether a caller-supplied token (a request id, an operator id) holds a digit group shaped like a
 * My Number (12 digits) or a resident code (11 digits), also when split by '-', '.' or '_' (e.g.
 * {@code 1234-5678-9012}). Such a token would carry a personal number into the logs and the audit
 * trail as it is.
 */
public final class PersonalNumberShapes {
  /** The shortest group that is refused: a resident code's eleven digits. */
  private static final int SHORTEST = 11;

  private PersonalNumberShapes() {}

  /**
   * Whether {@code token} holds eleven or more digits in a row, each next to the one before or one
   * separator ('-', '.', '_') apart. Run on every request's headers, so a scan, not a regex.
   */
  public static boolean holdsOne(String token) {
    int digits = 0;
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c >= '0' && c <= '9') {
        if (++digits >= SHORTEST) {
          return true;
        }
      } else if (!(isSeparator(c)
          && digits > 0
          && i + 1 < token.length()
          && isDigit(token, i + 1))) {
        digits = 0;
      }
    }
    return false;
  }

  private static boolean isSeparator(char c) {
    return c == '-' || c == '.' || c == '_';
  }

  private static boolean isDigit(String token, int at) {
    char c = token.charAt(at);
    return c >= '0' && c <= '9';
  }
}
