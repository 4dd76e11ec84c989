package jp.jukihub.nation;

import java.time.Duration;

/** What a seeding run produced, for the closing report. */
public record SeedSummary(
    long residents,
    long households,
    long municipalities,
    long female,
    long aged65AndOver,
    long children0to14,
    long myNumberCollisions,
    Duration elapsed) {

  public double residentsPerSecond() {
    double seconds = Math.max(elapsed.toMillis(), 1) / 1000.0;
    return residents / seconds;
  }
}
