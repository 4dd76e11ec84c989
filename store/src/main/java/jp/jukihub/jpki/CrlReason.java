package jp.jukihub.jpki;

/** RFC 5280 CRLReason codes by the names answers and notices spell them. */
public final class CrlReason {
  private static final String[] NAMES = {
    "unspecified",
    "keyCompromise",
    "cACompromise",
    "affiliationChanged",
    "superseded",
    "cessationOfOperation",
    "certificateHold",
    null, // 7 is not used
    "removeFromCRL",
    "privilegeWithdrawn",
    "aACompromise"
  };

  private CrlReason() {}

  /** The reason's name; {@code unspecified} for a code RFC 5280 does not define. */
  public static String name(int code) {
    return code >= 0 && code < NAMES.length && NAMES[code] != null ? NAMES[code] : "unspecified";
  }
}
