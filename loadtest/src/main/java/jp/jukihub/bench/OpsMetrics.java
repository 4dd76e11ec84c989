package jp.jukihub.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a running hub's meters the way Prometheus does, from {@code /metrics} on its ops port: the
 * benchmark sees what an operator would, and needs no way into the hub's registry.
 */
final class OpsMetrics {
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private final HttpClient http = HttpClient.newHttpClient();
  private final URI uri;

  OpsMetrics(int opsPort) {
    this.uri = URI.create("http://127.0.0.1:" + opsPort + "/metrics");
  }

  /** One scrape: the text exposition format. */
  Scrape scrape() throws IOException, InterruptedException {
    HttpResponse<String> answer =
        http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      throw new IllegalStateException("the hub's /metrics answered " + answer.statusCode());
    }
    return new Scrape(answer.body());
  }

  record Scrape(String text) {
    /** The sum of every sample of {@code name} whose labels include {@code labels}. */
    double sum(String name, Map<String, String> labels) {
      double sum = 0;
      for (String line : text.split("\n")) {
        if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
          continue;
        }
        int close = line.lastIndexOf('}');
        String labelText = close < 0 ? "" : line.substring(name.length() + 1, close);
        String value = line.substring(close < 0 ? name.length() : close + 1).trim().split(" ")[0];
        if (matches(labelText, labels)) {
          sum += Double.parseDouble(value);
        }
      }
      return sum;
    }

    /**
     * A histogram's cumulative bucket counts by upper bound ({@code le}), summed over the samples
     * whose labels include {@code labels}; the {@code +Inf} bucket under infinity.
     */
    NavigableMap<Double, Double> buckets(String histogram, Map<String, String> labels) {
      NavigableMap<Double, Double> buckets = new TreeMap<>();
      String name = histogram + "_bucket";
      for (String line : text.split("\n")) {
        if (!line.startsWith(name + "{")) {
          continue;
        }
        int close = line.lastIndexOf('}');
        String labelText = line.substring(name.length() + 1, close);
        if (!matches(labelText, labels)) {
          continue;
        }
        Map<String, String> all = new HashMap<>();
        Matcher label = LABEL.matcher(labelText);
        while (label.find()) {
          all.put(label.group(1), label.group(2));
        }
        String le = all.get("le");
        double bound = "+Inf".equals(le) ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
        double value = Double.parseDouble(line.substring(close + 1).trim().split(" ")[0]);
        buckets.merge(bound, value, Double::sum);
      }
      return buckets;
    }

    private static boolean matches(String labelText, Map<String, String> wanted) {
      int found = 0;
      Matcher label = LABEL.matcher(labelText);
      while (label.find()) {
        String value = wanted.get(label.group(1));
        if (value != null) {
          if (!value.equals(label.group(2))) {
            return false;
          }
          found++;
        }
      }
      return found == wanted.size();
    }
  }

  /**
   * The {@code q} quantile of what a histogram counted between two scrapes: the upper bound of the
   * first bucket that holds it (so at most one bucket's width above the truth), NaN if it counted
   * nothing, infinity if only the open-ended bucket holds it.
   */
  static double quantile(
      NavigableMap<Double, Double> before, NavigableMap<Double, Double> after, double q) {
    double total = after.lastEntry() == null ? 0 : after.lastEntry().getValue();
    total -= before.isEmpty() ? 0 : before.lastEntry().getValue();
    if (total <= 0) {
      return Double.NaN;
    }
    for (Map.Entry<Double, Double> bucket : after.entrySet()) {
      double counted = bucket.getValue() - before.getOrDefault(bucket.getKey(), 0.0);
      if (counted >= q * total) {
        return bucket.getKey();
      }
    }
    return Double.POSITIVE_INFINITY;
  }
}
