package jp.jukihub.audit;

/** The first point where a chain's evidence breaks: the record named and what was done to it. */
public record Finding(long seq, Kind kind, String message) {
  public enum Kind {
    MODIFIED,
    DELETED,
    INSERTED,
    REORDERED,
    BROKEN_LINK,
    REWRITTEN,
    FORGED_CHECKPOINT,
    CHECKPOINT_MISSING,
    TRUNCATED
  }
}
