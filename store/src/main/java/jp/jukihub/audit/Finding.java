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
    TRUNCATED,
    /** The trail's record differs from the one a checkpoint in the witness file signed. */
    WITNESS_MISMATCH,
    /** A record whose checkpoint the witness file holds is gone from the trail. */
    WITNESS_MISSING
  }
}
