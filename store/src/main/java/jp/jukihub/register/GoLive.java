package jp.jukihub.register;

import java.time.Instant;
import java.util.Objects;

/**
 * The day My Numbers take effect (施行日, seed 003). Numbers J-LIS sends before it are stored, but no
 * answer, certificate or transfer shows them until then, and history shows them added at it.
 */
public record GoLive(Instant at) {
  /** My Number's real start, 2016-01-01 00:00 in Japan: every seeded number is already live. */
  public static final GoLive MY_NUMBER_ACT = new GoLive(Instant.parse("2015-12-31T15:00:00Z"));

  public GoLive {
    Objects.requireNonNull(at, "at");
  }

  public boolean numbersVisible(Instant now) {
    return !now.isBefore(at);
  }

  /** When a number assigned at {@code assigned} took effect: at go-live if it came before. */
  public Instant effectiveAt(Instant assigned) {
    return assigned.isBefore(at) ? at : assigned;
  }
}
