package jp.jukihub.loadtest;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.OpenInjectionStep;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * How hard and how long a simulation runs, and what it must meet: read once from system properties
 * ({@code ./hub loadtest} sets them from its options).
 *
 * <ul>
 *   <li>{@code target}: the hub's API base URL (default {@code http://127.0.0.1:8080})
 *   <li>{@code rate}: new users (requests, batches or municipal events) a second after the ramp
 *   <li>{@code duration}: seconds at that rate; {@code ramp}: seconds of the warm-up ramp before it
 *   <li>{@code p99}: the p99 every request must stay under, in ms; {@code maxErrorPercent}: the
 *       share of unexpected answers (a check failed) the run may have
 * </ul>
 *
 * <p>Open model: users arrive at the rate whatever the hub's answers, so a slow hub shows as
 * latency, not as a lower offered rate. The ramp warms the JIT, pools and caches of both sides.
 */
record LoadProfile(
    String target,
    double rate,
    Duration ramp,
    Duration duration,
    int p99Millis,
    double maxErrorPercent) {
  static final String DEFAULT_TARGET = "http://127.0.0.1:8080";

  LoadProfile {
    if (!(rate > 0)) {
      throw new IllegalArgumentException("rate must be above 0, got " + rate);
    }
    if (duration.isNegative() || duration.isZero() || ramp.isNegative()) {
      throw new IllegalArgumentException("duration must be above 0 and ramp at least 0");
    }
    if (p99Millis <= 0 || maxErrorPercent < 0) {
      throw new IllegalArgumentException("p99 must be above 0 ms and maxErrorPercent at least 0");
    }
  }

  /** The profile from {@code properties}, with this simulation's defaults for what is not set. */
  static LoadProfile from(
      Properties properties, double defaultRate, int defaultDuration, int defaultP99) {
    double rate = Double.parseDouble(properties.getProperty("rate", Double.toString(defaultRate)));
    int duration =
        Integer.parseInt(properties.getProperty("duration", Integer.toString(defaultDuration)));
    // A third of the measured time, at most 30 s and at least 5 s, unless told.
    int ramp =
        Integer.parseInt(
            properties.getProperty(
                "ramp", Integer.toString(Math.max(5, Math.min(30, duration / 3)))));
    return new LoadProfile(
        properties.getProperty("target", DEFAULT_TARGET).replaceAll("/+$", ""),
        rate,
        Duration.ofSeconds(ramp),
        Duration.ofSeconds(duration),
        Integer.parseInt(properties.getProperty("p99", Integer.toString(defaultP99))),
        Double.parseDouble(properties.getProperty("maxErrorPercent", "1")));
  }

  /** Ramp from one user a second to the rate, then hold it. */
  OpenInjectionStep[] injection() {
    if (ramp.isZero()) {
      return new OpenInjectionStep[] {constantUsersPerSec(rate).during(duration)};
    }
    return new OpenInjectionStep[] {
      rampUsersPerSec(Math.min(1, rate)).to(rate).during(ramp),
      constantUsersPerSec(rate).during(duration)
    };
  }

  /**
   * Unexpected answers (checks that failed, timeouts, refused connections) and the p99, over the
   * run.
   */
  List<Assertion> assertions() {
    return List.of(
        global().failedRequests().percent().lte(maxErrorPercent),
        global().responseTime().percentile(99.0).lt(p99Millis));
  }

  /**
   * The same, but the p99 bound on the requests of {@code group} alone: what runs before the load
   * (a set-up) is not what the bound is about.
   */
  List<Assertion> assertions(String group) {
    return List.of(
        global().failedRequests().percent().lte(maxErrorPercent),
        details(group).responseTime().percentile(99.0).lt(p99Millis));
  }

  String describe() {
    return String.format(
        "%s: %.1f/s for %d s after a %d s ramp; asserts p99 < %d ms and unexpected answers <= %.2f%%",
        target, rate, duration.toSeconds(), ramp.toSeconds(), p99Millis, maxErrorPercent);
  }
}
