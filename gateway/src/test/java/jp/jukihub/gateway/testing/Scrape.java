package jp.jukihub.gateway.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import jp.jukihub.gateway.HubServer;

/** One scrape of a hub's ops port ({@code GET /metrics}, Prometheus text), as a test reads it. */
public record Scrape(String text) {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public static Scrape of(HubServer hub) throws Exception {
    HttpResponse<String> metrics =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.opsPort() + "/metrics"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (metrics.statusCode() != 200) {
      throw new AssertionError("GET /metrics answered " + metrics.statusCode());
    }
    return new Scrape(metrics.body());
  }

  /**
   * The sum of the samples named {@code name} that carry every one of {@code labels}; an error when
   * there is none, so a series that is not exported fails the test instead of counting zero.
   */
  public double sum(String name, Map<String, String> labels) {
    double[] values =
        text.lines()
            .filter(line -> line.startsWith(name + "{"))
            .filter(
                line ->
                    labels.entrySet().stream()
                        .allMatch(
                            label ->
                                line.contains(label.getKey() + "=\"" + label.getValue() + "\"")))
            .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
            .toArray();
    if (values.length == 0) {
      throw new AssertionError("the scrape holds no sample " + name + " " + labels);
    }
    return Arrays.stream(values).sum();
  }
}
