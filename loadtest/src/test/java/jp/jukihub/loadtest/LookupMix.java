package jp.jukihub.loadtest;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.Properties;

/**
 * Single identity lookups ({@code POST /v1/identity/lookup}) in the seeds' mix of callers, with
 * unknown and malformed numbers and denied affairs among them ({@link LookupDraw}). Every request
 * is checked against the answer right for it (200, 404, 400 or 403 with its code), so a failed
 * request is an unexpected answer.
 *
 * <p>Run: {@code ./hub loadtest LookupMix --rate 2000 --duration 60} against {@code ./hub demo}.
 * Properties: those of {@link LoadProfile}; {@code feeder} (the {@code ./hub sample} file), {@code
 * seed}, {@code unknownShare} (0.02), {@code malformedShare} (0.01), {@code deniedShare} (0.01).
 */
public class LookupMix extends Simulation {
  private final Properties properties = System.getProperties();
  private final LoadProfile profile = LoadProfile.from(properties, 500, 60, 100);
  private final LookupDraw draw =
      new LookupDraw(
          HubProtocol.residents(properties),
          new LookupDraw.Failures(
              HubProtocol.share(properties, "unknownShare", 0.02),
              HubProtocol.share(properties, "malformedShare", 0.01),
              HubProtocol.share(properties, "deniedShare", 0.01)),
          HubProtocol.random(properties));

  private final ScenarioBuilder lookups =
      scenario("identity lookups")
          .feed(draw)
          .exec(
              HubProtocol.expectingAnswer(
                  http("#{requestName}")
                      .post("/v1/identity/lookup")
                      .header("X-Jukihub-Body", "#{body}")
                      .header("Content-Type", "application/json")
                      .body(
                          StringBody("{\"affair\":\"#{affair}\",\"myNumber\":\"#{myNumber}\"}"))));

  {
    System.out.println("LookupMix: " + profile.describe());
    setUp(lookups.injectOpen(profile.injection()))
        .protocols(HubProtocol.http(profile))
        .assertions(profile.assertions());
  }
}
