package jp.jukihub.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Watches a hub under a long load ({@code ./hub soak}) from its ops port, as Prometheus would:
 * every {@code interval} the old generation's live data after the last collection, the open file
 * descriptors, the live threads and the audit queue. The heap is judged only on the samples right
 * after a full collection ({@code ./hub soak} asks the hub for one every few minutes): G1 leaves
 * promoted garbage in the old generation until a marking cycle, which a hub far below its heap
 * limit never starts, so "live data after GC" otherwise climbs with no leak at all (a first run
 * read +240 MB an hour that a full collection took back to its start). At the end it fits a line to
 * each (the first tenth, or the warm-up if longer, left out: connections, pools and the JIT fill up
 * then) and says whether each stayed flat: what grows by the hour is a leak that a short test never
 * shows.
 *
 * <p>{@code java -cp <bench jar> jp.jukihub.bench.SoakWatch OPS_PORT MINUTES CSV_FILE
 * WARM_UP_SECONDS}
 */
public final class SoakWatch {
  /** A watched series: its meter on /metrics, and the growth per hour it may show and be flat. */
  record Series(String title, String meter, Map<String, String> labels, double flatPerHour) {}

  /** Full collections so far: the heap's samples count only right after one. */
  static final String MAJOR_COLLECTIONS = "jvm_gc_pause_seconds_count";

  static final Map<String, String> MAJOR = Map.of("action", "end of major GC");

  static final List<Series> SERIES =
      List.of(
          new Series("old generation after GC (MB)", "jvm_gc_live_data_size_bytes", Map.of(), 16),
          new Series("open file descriptors", "process_files_open_files", Map.of(), 20),
          new Series("live threads", "jvm_threads_live_threads", Map.of(), 4),
          new Series("audit queue (records)", "hub_audit_queue_depth", Map.of(), 100));

  private SoakWatch() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: SoakWatch OPS_PORT MINUTES CSV_FILE WARM_UP_SECONDS");
      System.exit(2);
    }
    OpsMetrics meters = new OpsMetrics(Integer.parseInt(args[0]));
    long minutes = Long.parseLong(args[1]);
    Path csv = Path.of(args[2]);
    double warmUpSeconds = Double.parseDouble(args[3]);
    long intervalMillis = minutes <= 10 ? 5_000 : 15_000;
    List<double[]> samples = new ArrayList<>(); // {seconds, value per series...}
    long start = System.nanoTime();
    long end = start + minutes * 60_000_000_000L;
    try (PrintWriter out =
        new PrintWriter(Files.newBufferedWriter(csv, StandardCharsets.UTF_8), true)) {
      out.println(
          "seconds," + String.join(",", SERIES.stream().map(series -> series.meter()).toList()));
      while (System.nanoTime() < end) {
        double[] sample = sample(meters, (System.nanoTime() - start) / 1e9);
        if (sample != null) {
          samples.add(sample);
          StringBuilder line = new StringBuilder(String.format("%.0f", sample[0]));
          for (int i = 1; i <= SERIES.size(); i++) {
            line.append(',').append(String.format("%.0f", sample[i]));
          }
          out.println(line);
        }
        Thread.sleep(intervalMillis);
      }
    }
    System.exit(report(samples, warmUpSeconds, new PrintWriter(System.out, true)) ? 0 : 1);
  }

  private static double[] sample(OpsMetrics meters, double seconds) {
    try {
      OpsMetrics.Scrape scrape = meters.scrape();
      double[] sample = new double[SERIES.size() + 2];
      sample[0] = seconds;
      sample[SERIES.size() + 1] = scrape.sum(MAJOR_COLLECTIONS, MAJOR);
      for (int i = 0; i < SERIES.size(); i++) {
        Series series = SERIES.get(i);
        double value = scrape.sum(series.meter(), series.labels());
        sample[i + 1] = series.meter().endsWith("_bytes") ? value / 1e6 : value;
      }
      return sample;
    } catch (IOException | RuntimeException e) {
      System.err.println("soak: no metrics at " + (long) seconds + " s: " + e.getMessage());
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Prints each series' start, end and slope; true when every one stayed flat. */
  static boolean report(List<double[]> samples, double warmUpSeconds, PrintWriter out) {
    double last = samples.isEmpty() ? 0 : samples.get(samples.size() - 1)[0];
    double from = Math.max(warmUpSeconds, last / 10);
    List<double[]> measured = samples.stream().filter(sample -> sample[0] >= from).toList();
    if (measured.size() < 3) {
      out.println("soak: too few samples to fit a line");
      return false;
    }
    boolean flat = true;
    out.printf(
        "soak: %d samples over %.0f min (the first %.0f s, warm-up, left out)%n",
        measured.size(), (measured.get(measured.size() - 1)[0] - measured.get(0)[0]) / 60, from);
    for (int i = 0; i < SERIES.size(); i++) {
      Series series = SERIES.get(i);
      List<double[]> points = i == 0 ? afterFullCollections(measured) : measured;
      if (points.size() < 3) {
        out.printf(
            "  %-30s not judged: %d samples after a full collection (needs 3)%n",
            series.title(), points.size());
        flat = false;
        continue;
      }
      double perHour = slope(points, i + 1) * 3600;
      boolean steady = Math.abs(perHour) <= series.flatPerHour();
      flat &= steady;
      out.printf(
          "  %-30s from %,10.1f to %,10.1f   slope %+,9.1f an hour   flat (<= %,.0f): %s%n",
          series.title() + (i == 0 ? " *" : ""),
          points.get(0)[i + 1],
          points.get(points.size() - 1)[i + 1],
          perHour,
          series.flatPerHour(),
          steady ? "yes" : "NO");
    }
    out.printf(
        "  * on the %d samples right after a full collection%n",
        afterFullCollections(measured).size());
    return flat;
  }

  /** The samples taken after a full collection that the one before them had not seen yet. */
  static List<double[]> afterFullCollections(List<double[]> samples) {
    List<double[]> after = new ArrayList<>();
    int count = SERIES.size() + 1;
    for (int i = 1; i < samples.size(); i++) {
      if (samples.get(i)[count] > samples.get(i - 1)[count]) {
        after.add(samples.get(i));
      }
    }
    return after;
  }

  /** Least-squares slope of column {@code column} against seconds. */
  static double slope(List<double[]> samples, int column) {
    double n = samples.size();
    double sumX = 0;
    double sumY = 0;
    for (double[] sample : samples) {
      sumX += sample[0];
      sumY += sample[column];
    }
    double meanX = sumX / n;
    double meanY = sumY / n;
    double covariance = 0;
    double variance = 0;
    for (double[] sample : samples) {
      covariance += (sample[0] - meanX) * (sample[column] - meanY);
      variance += (sample[0] - meanX) * (sample[0] - meanX);
    }
    return variance == 0 ? 0 : covariance / variance;
  }
}
