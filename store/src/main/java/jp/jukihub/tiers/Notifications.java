package jp.jukihub.tiers;

/** The PostgreSQL LISTEN/NOTIFY channels the tiers use; payloads never hold personal data. */
public final class Notifications {
  /**
   * A tier applied changes: the payload is the tier ({@code prefecture} or {@code national}) and
   * the internal person ids, so hub nodes can drop cached copies.
   */
  public static final String IDENTITY = "jukihub_identity";

  /** A prefecture applied events and put them in its own outbox for the national tier. */
  public static final String PREFECTURE_OUTBOX = "jukihub_prefecture_outbox";

  private Notifications() {}
}
