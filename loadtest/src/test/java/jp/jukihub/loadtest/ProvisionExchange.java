package jp.jukihub.loadtest;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.core.CoreDsl.substring;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * The information-provision network between two municipalities: first the set-up, as their own
 * systems would do it (for each of the feeder's first persons, Chiyoda and Shibuya acquire their
 * tokens, {@code POST /v1/provision/tokens}, and Shibuya registers the person's local-tax-income
 * copy, {@code PUT /v1/provision/copies/local-tax-income/{uan}}); then, once every set-up has
 * ended, Chiyoda's queries ({@code POST /v1/provision/queries}) in the mix of {@link
 * ProvisionDraw}, open model. Every answer is checked for the status and shape it must have: a
 * token gives back only the body's own two numbers (never the My Number), a copy its version, an
 * answered query the person's own copy, a refusal its problem code and no data.
 *
 * <p>Run: {@code ./hub loadtest ProvisionExchange --rate 50 --duration 20} against {@code ./hub
 * demo} (the rate is in queries a second). Properties: those of {@link LoadProfile}; {@code
 * feeder}, {@code seed}, {@code persons} (300: set up before the queries), {@code setupRate}
 * (persons a second, 30: a person's set-up is three writes, two of them transactions of five
 * statements), {@code noCopyShare} (0.05), {@code deniedShare} (0.03), {@code noTokenShare} (0.02).
 * The p99 bound ({@code --p99}, 200 ms) is on the queries; unexpected answers count over the whole
 * run, and the set-up must have none.
 */
public class ProvisionExchange extends Simulation {
  private static final String ACQUIRE_CHIYODA = "Chiyoda acquires a token";
  private static final String ACQUIRE_SHIBUYA = "Shibuya acquires a token";
  private static final String REGISTER_COPY = "Shibuya registers the local-tax-income copy";
  private static final String QUERIES = "queries";

  private final Properties properties = System.getProperties();
  private final LoadProfile profile = LoadProfile.from(properties, 200, 60, 200);
  private final ProvisionPeople people =
      ProvisionPeople.of(
          HubProtocol.residents(properties),
          Integer.parseInt(properties.getProperty("persons", "300")),
          UUID.randomUUID().toString().substring(0, 6));
  private final double setupRate = Double.parseDouble(properties.getProperty("setupRate", "30"));
  private final ProvisionDraw draw =
      new ProvisionDraw(
          people,
          new ProvisionDraw.Shares(
              HubProtocol.share(properties, "noCopyShare", 0.05),
              HubProtocol.share(properties, "deniedShare", 0.03),
              HubProtocol.share(properties, "noTokenShare", 0.02)),
          HubProtocol.random(properties));

  /** One side's token: only its own two numbers come back. */
  private static ChainBuilder acquire(String name, String body, String side) {
    return exec(http(name)
            .post("/v1/provision/tokens")
            .header("X-Jukihub-Body", body)
            .header("Content-Type", "application/json")
            .body(StringBody("#{" + side + "Token}"))
            .check(status().is(200))
            .check(jsonPath("$.acquisitionNumber").isEL("#{" + side + "Acquisition}"))
            .check(jsonPath("$.unifiedAddressNumber").isEL("#{" + side + "Address}"))
            .check(substring("#{myNumber}").notExists()))
        .exitHereIfFailed();
  }

  private final ScenarioBuilder setUp =
      scenario("set-up: tokens on both sides, the provider's copy")
          .feed(people.setUpFeeder())
          .exec(acquire(ACQUIRE_CHIYODA, ProvisionPeople.REQUESTER, "requester"))
          .exec(acquire(ACQUIRE_SHIBUYA, ProvisionPeople.PROVIDER, "provider"))
          .exec(
              http(REGISTER_COPY)
                  .put("/v1/provision/copies/" + ProvisionDraw.TAX + "/#{providerAddress}")
                  .header("X-Jukihub-Body", ProvisionPeople.PROVIDER)
                  .header("Content-Type", "application/json")
                  .body(StringBody("#{copy}"))
                  .check(status().is(200))
                  .check(jsonPath("$.item").is(ProvisionDraw.TAX))
                  .check(jsonPath("$.unifiedAddressNumber").isEL("#{providerAddress}"))
                  // 1, or more when an earlier run registered this person's copy.
                  .check(jsonPath("$.version").ofInt().gte(1)))
          .exitHereIfFailed()
          .exec(
              session -> {
                people.ready(session.getInt("person"));
                return session;
              });

  private final ScenarioBuilder queries =
      scenario("queries between bodies")
          .feed(draw)
          .group(QUERIES)
          .on(
              HubProtocol.expectingAnswer(
                      http("#{requestName}")
                          .post("/v1/provision/queries")
                          .header("X-Jukihub-Body", ProvisionPeople.REQUESTER)
                          .header("Content-Type", "application/json")
                          .body(StringBody("#{query}")))
                  // Answered: the provider's copy of this person, under the affair asked.
                  .checkIf(session -> session.getInt("expectedStatus") == 200)
                  .then(
                      header("Content-Type").is("application/json"),
                      jsonPath("$.affair").isEL("#{affair}"),
                      jsonPath("$.item").isEL("#{item}"),
                      jsonPath("$.provider").is(ProvisionPeople.PROVIDER),
                      jsonPath("$.asOf").exists(),
                      jsonPath("$.data.taxableIncome")
                          .ofLong()
                          .is(session -> session.getLong("expectedIncome")))
                  // Refused: a problem, and nothing of the person.
                  .checkIf(session -> session.getInt("expectedStatus") != 200)
                  .then(
                      header("Content-Type").is("application/problem+json"),
                      jsonPath("$.data").notExists()));

  {
    Duration setupTime =
        Duration.ofMillis(Math.max(1_000, (long) (1_000 * people.size() / setupRate)));
    System.out.printf(
        "ProvisionExchange: %s; first %d persons set up over %d s (run tag %s), then queries%n",
        profile.describe(), people.size(), setupTime.toSeconds(), people.tag());
    // The p99 bound is the queries'; the set-up is not the load, but every step of it must succeed.
    List<Assertion> assertions = new ArrayList<>(profile.assertions(QUERIES));
    for (String step : List.of(ACQUIRE_CHIYODA, ACQUIRE_SHIBUYA, REGISTER_COPY)) {
      assertions.add(details(step).failedRequests().count().is(0L));
    }
    setUp(
            setUp
                .injectOpen(rampUsers(people.size()).during(setupTime))
                .andThen(queries.injectOpen(profile.injection())))
        .protocols(HubProtocol.http(profile))
        .assertions(assertions);
  }
}
