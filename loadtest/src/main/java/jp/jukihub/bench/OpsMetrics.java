package jp.jukihub.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
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
}
