package jp.jukihub.loadtest;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.Properties;

/**
 * The pension service's current-status checks as NDJSON batches ({@code POST
 * /v1/identity/lookup:batch}, {@link PensionBatches}): each batch must answer 200 with every line
 * back, in order, each line 200 (every number is an existing resident's).
 *
 * <p>Run: {@code ./hub loadtest BatchLookup --rate 2 --duration 30} (the rate is in batches a
 * second; lookups a second are about rate x the mean batch size). Properties: those of {@link
 * LoadProfile}; {@code feeder}, {@code seed}, {@code fewestLines} (100), {@code mostLines} (1,000).
 */
public class BatchLookup extends Simulation {
  private final Properties properties = System.getProperties();
  private final LoadProfile profile = LoadProfile.from(properties, 2, 60, 5_000);
  private final PensionBatches batches =
      new PensionBatches(
          HubProtocol.residents(properties),
          Integer.parseInt(properties.getProperty("fewestLines", "100")),
          Integer.parseInt(properties.getProperty("mostLines", "1000")),
          HubProtocol.random(properties));

  private final ScenarioBuilder checks =
      scenario("pension current-status batches")
          .feed(batches)
          .exec(
              http("jps t1-pension-status batch")
                  .post("/v1/identity/lookup:batch")
                  .header("X-Jukihub-Body", "jps")
                  .header("Content-Type", "application/x-ndjson")
                  .body(StringBody("#{batch}"))
                  .check(status().is(200))
                  // Every line back once, in order, and each 200: anything else fails the batch.
                  .check(bodyString().transform(PensionBatches::read).is(PensionBatches::allOk)));

  {
    System.out.println("BatchLookup: " + profile.describe() + "; rate in batches a second");
    setUp(checks.injectOpen(profile.injection()))
        .protocols(HubProtocol.http(profile))
        .assertions(profile.assertions());
  }
}
