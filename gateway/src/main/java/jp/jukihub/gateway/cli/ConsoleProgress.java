package jp.jukihub.gateway.cli;

import java.io.PrintWriter;
import jp.jukihub.progress.Progress;

/** Prints a long run's progress (percent, rate, ETA) to the terminal, at most twice a second. */
final class ConsoleProgress implements Progress {
  private static final long INTERVAL_NANOS = 500_000_000L;

  private final PrintWriter err;
  private long phaseStarted = System.nanoTime();
  private long lastPrinted;

  ConsoleProgress(PrintWriter err) {
    this.err = err;
  }

  @Override
  public void phase(String name) {
    phaseStarted = System.nanoTime();
    lastPrinted = 0;
    err.println(name + "...");
    err.flush();
  }

  @Override
  public void advanced(long done, long total) {
    long now = System.nanoTime();
    if (done < total && now - lastPrinted < INTERVAL_NANOS) {
      return;
    }
    lastPrinted = now;
    double seconds = Math.max(now - phaseStarted, 1) / 1e9;
    double rate = done / seconds;
    double eta = rate > 0 ? (total - done) / rate : 0;
    err.printf(
        "  %5.1f%%  %,d of %,d  %,.0f/s  ETA %.0f s%n",
        100.0 * done / total, done, total, rate, eta);
    err.flush();
  }
}
