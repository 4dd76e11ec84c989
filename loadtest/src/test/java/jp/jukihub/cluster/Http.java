package jp.jukihub.cluster;

import java.net.http.HttpClient;
import java.time.Duration;

/** The plain HTTP client for ops ports and HAProxy's stats. */
final class Http {
  static final HttpClient PLAIN =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private Http() {}
}
