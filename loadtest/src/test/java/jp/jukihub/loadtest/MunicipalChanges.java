package jp.jukihub.loadtest;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.onCase;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import java.time.Clock;
import java.util.Properties;
import java.util.UUID;

/**
 * Municipal writes in a realistic mix ({@link ChangeMix}): births, moves (a move-out and the
 * move-in at the destination municipality, each by the municipality itself), corrections of the
 * address, deaths, at the demo registry's three municipalities (Chiyoda, Shibuya, Toyonaka). A
 * move, correction or death needs a resident the run registered ({@link ResidentPool}); until there
 * is one at that municipality, the user registers a birth first, so early in a run births dominate
 * (the report names each request, so the real mix is there).
 *
 * <p>Run: {@code ./hub loadtest MunicipalChanges --rate 20 --duration 30} (the rate is in events a
 * second; a move is two requests). Properties: those of {@link LoadProfile}; {@code seed}, {@code
 * moveShare} (0.8: the moving season).
 */
public class MunicipalChanges extends Simulation {
  private final Properties properties = System.getProperties();
  private final LoadProfile profile = LoadProfile.from(properties, 20, 60, 1_000);
  private final ResidentPool pool = new ResidentPool();
  private final MunicipalEvents events =
      new MunicipalEvents(
          new ChangeMix(
              Double.parseDouble(
                  properties.getProperty(
                      "moveShare", Double.toString(ChangeMix.DEFAULT_MOVE_SHARE)))),
          pool,
          HubProtocol.random(properties),
          Clock.systemUTC(),
          UUID.randomUUID().toString());

  private final ChainBuilder birth =
      exec(http("birth")
              .post("#{lgPath}/residents")
              .header("X-Jukihub-Body", "#{lgBody}")
              .header("Idempotency-Key", "#{birthKey}")
              .header("Content-Type", "application/json")
              .body(StringBody("#{birth}"))
              .check(status().is(201))
              .check(jsonPath("$.residentCode").saveAs("residentCode")))
          .exitHereIfFailed();

  private final ChainBuilder move =
      exec(http("move-out")
              .post("#{lgPath}/move-outs")
              .header("X-Jukihub-Body", "#{lgBody}")
              .header("Idempotency-Key", "#{moveKey}")
              .header("Content-Type", "application/json")
              .body(
                  StringBody(
                      session ->
                          MunicipalEvents.moveOut(
                              session.getString("residentCode"), session.getString("plannedOn"),
                              session.getString("destinationCode"),
                                  session.getString("destinationAddress"))))
              .check(status().is(201))
              .check(jsonPath("$.certificateNumber").saveAs("certificateNumber")))
          .exitHereIfFailed()
          .exec(
              http("move-in")
                  .post("#{destinationPath}/move-ins")
                  .header("X-Jukihub-Body", "#{destinationBody}")
                  .header("Idempotency-Key", "#{moveInKey}")
                  .header("Content-Type", "application/json")
                  .body(
                      StringBody(
                          session ->
                              MunicipalEvents.moveIn(
                                  session.getString("certificateNumber"),
                                      session.getString("residentCode"),
                                  session.getString("movedInOn"),
                                      session.getString("destinationRest"))))
                  .check(status().is(201)))
          .exitHereIfFailed()
          // The resident lives at the destination now.
          .exec(session -> session.set("lgCode", session.getString("destinationCode")));

  private final ChainBuilder correction =
      exec(http("correction")
              .patch("#{lgPath}/residents/#{residentCode}")
              .header("X-Jukihub-Body", "#{lgBody}")
              .header("Content-Type", "application/json")
              .body(StringBody("#{correction}"))
              .check(status().is(200)))
          .exitHereIfFailed();

  private final ChainBuilder death =
      exec(http("death")
              .post("#{lgPath}/residents/#{residentCode}/death")
              .header("X-Jukihub-Body", "#{lgBody}")
              .header("Idempotency-Key", "#{birthKey}-death")
              .header("Content-Type", "application/json")
              .body(StringBody("#{death}"))
              .check(status().is(200)))
          .exitHereIfFailed();

  private final ScenarioBuilder changes =
      scenario("municipal changes")
          .feed(events)
          .exec(doIf(session -> session.getString("residentCode").isEmpty()).then(birth))
          .doSwitch("#{event}")
          .on(
              onCase("move").then(move),
              onCase("correction").then(correction),
              onCase("death").then(death))
          .exec(this::giveBack);

  {
    System.out.println(
        "MunicipalChanges: "
            + profile.describe()
            + "; rate in events a second, moveShare "
            + properties.getProperty("moveShare", Double.toString(ChangeMix.DEFAULT_MOVE_SHARE)));
    setUp(changes.injectOpen(profile.injection()))
        .protocols(HubProtocol.http(profile))
        .assertions(profile.assertions());
  }

  /** The resident goes back to the pool of where they live now, unless they died. */
  private Session giveBack(Session session) {
    if (!session.getString("event").equals("death")) {
      pool.give(session.getString("lgCode"), session.getString("residentCode"));
    }
    return session;
  }
}
