package jp.jukihub.loadtest;

import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.nio.file.Path;
import java.util.Properties;
import java.util.SplittableRandom;

/**
 * What every simulation shares: the hub's HTTP protocol (development identity: the {@code
 * X-Jukihub-Body} header names the caller, so the hub must run with it, as {@code ./hub demo}
 * does), the residents feeder, the seed, the shares of expected failures, and the check that an
 * answer is the one its draw expects.
 */
final class HubProtocol {
  static final String OPERATOR = "loadtest-1";
  static final String DEFAULT_FEEDER = "loadtest/target/gatling/residents.txt";

  private HubProtocol() {}

  /**
   * Connections shared between virtual users (as many callers' systems pool them), no warm-up
   * request to gatling.io, the operator header on every request.
   */
  static HttpProtocolBuilder http(LoadProfile profile) {
    return http.baseUrl(profile.target())
        .shareConnections()
        .disableWarmUp()
        .acceptHeader("application/json, application/x-ndjson, application/problem+json")
        .header("X-Jukihub-Operator", OPERATOR)
        .userAgentHeader("jukihub-gatling");
  }

  static Residents residents(Properties properties) {
    return Residents.read(Path.of(properties.getProperty("feeder", DEFAULT_FEEDER)));
  }

  /**
   * A seeded generator, so that two runs with the same seed send the same requests in the same
   * order.
   */
  static SplittableRandom random(Properties properties) {
    return new SplittableRandom(Long.parseLong(properties.getProperty("seed", "20160101")));
  }

  /**
   * A share of all requests from {@code properties} ({@code -Dname=0.02}), or {@code otherwise}.
   */
  static double share(Properties properties, String name, double otherwise) {
    return Double.parseDouble(properties.getProperty(name, Double.toString(otherwise)));
  }

  /**
   * Checks the answer against its draw: the status in the session's {@code expectedStatus}, and the
   * problem's code in {@code expectedCode} unless that is empty. A request that gets any other
   * answer fails, so failures count the unexpected answers.
   */
  static HttpRequestActionBuilder expectingAnswer(HttpRequestActionBuilder request) {
    return request
        .check(status().is(session -> session.getInt("expectedStatus")))
        .checkIf(session -> !session.getString("expectedCode").isEmpty())
        .then(jsonPath("$.code").isEL("#{expectedCode}"));
  }
}
