package jp.jukihub.portal;

/** What a notice (お知らせ) tells the resident of, as {@code portal.notice.kind} spells it. */
public enum NoticeKind {
  /** A body was provided an item about the resident over the provision network (情報提供). */
  PROVIDED("provided"),
  /** One of the resident's card certificates was revoked. */
  CERTIFICATE_REVOKED("certificate_revoked"),
  /** One of the resident's card certificates ends within the notice horizon. */
  CERTIFICATE_EXPIRING("certificate_expiring"),
  /** The municipality changed the resident's record. */
  RECORD_CHANGED("record_changed");

  private final String label;

  NoticeKind(String label) {
    this.label = label;
  }

  /** The stored and API spelling. */
  public String label() {
    return label;
  }

  public static NoticeKind ofLabel(String label) {
    for (NoticeKind kind : values()) {
      if (kind.label.equals(label)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("not a notice kind: " + label);
  }
}
