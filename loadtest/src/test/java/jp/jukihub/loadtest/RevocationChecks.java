package jp.jukihub.loadtest;

import static io.gatling.javaapi.core.CoreDsl.ByteArrayBody;
import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.bodyBytes;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.Iterator;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Relying parties checking My Number card certificates: mostly OCSP from pre-signed answers, some
 * with a nonce (signed live, or shed with tryLater), CRL downloads and JSON verifies. Before the
 * load, {@link RevocationCards} issues cards to newly born Chiyoda residents and revokes every
 * fifth user-authentication certificate, so each answer can be checked for the status it must
 * state: an OCSP answer that says good for a revoked certificate fails the run.
 *
 * <p>Run: {@code ./hub loadtest RevocationChecks --rate 2000 --duration 60}. Properties: those of
 * {@link LoadProfile}; {@code cards} (20), {@code seed}. The callers are {@code bank-demo} (an
 * approved private verifier) and {@code nta} (government).
 */
public class RevocationChecks extends Simulation {
  private final Properties properties = System.getProperties();
  private final LoadProfile profile = LoadProfile.from(properties, 500, 60, 200);
  private final RevocationCards cards =
      RevocationCards.issue(
          profile.target(), Integer.parseInt(properties.getProperty("cards", "20")));
  private final SplittableRandom random = HubProtocol.random(properties);

  private final Iterator<Map<String, Object>> checks =
      Stream.generate((Supplier<Map<String, Object>>) () -> cards.draw(random)).iterator();

  private final ScenarioBuilder relyingParties =
      scenario("relying parties check certificates")
          .feed(checks)
          .exec(
              randomSwitch()
                  .on(
                      percent(88.0)
                          .then(
                              http("OCSP, pre-signed")
                                  .post("/v1/jpki/ocsp")
                                  .header("X-Jukihub-Body", "#{verifier}")
                                  .header("Content-Type", "application/ocsp-request")
                                  .body(ByteArrayBody("#{ocsp}"))
                                  .check(status().is(200))
                                  .check(
                                      bodyBytes()
                                          .transform(RevocationCards::status)
                                          .isEL("#{expected}"))),
                      percent(5.0)
                          .then(
                              http("OCSP with nonce, signed live")
                                  .post("/v1/jpki/ocsp")
                                  .header("X-Jukihub-Body", "#{verifier}")
                                  .header("Content-Type", "application/ocsp-request")
                                  .body(ByteArrayBody("#{ocspNonce}"))
                                  .check(status().is(200))
                                  // Live signing is bounded: tryLater is a correct answer under
                                  // load.
                                  .check(
                                      bodyBytes()
                                          .transformWithSession(
                                              (bytes, session) -> {
                                                String answered = RevocationCards.status(bytes);
                                                return answered.equals(
                                                        session.getString("expected"))
                                                    || answered.equals("tryLater");
                                              })
                                          .is(true))),
                      percent(6.0)
                          .then(
                              http("verify")
                                  .post("/v1/jpki/verify")
                                  .header("X-Jukihub-Body", "#{verifier}")
                                  .header("Content-Type", "application/json")
                                  .body(StringBody("#{verify}"))
                                  .check(status().is(200))
                                  .check(jsonPath("$.status").isEL("#{expected}"))),
                      percent(1.0)
                          .then(
                              http("CRL of a shard")
                                  .get("/v1/jpki/crl/#{crlPath}")
                                  .header("X-Jukihub-Body", "#{verifier}")
                                  .check(status().is(200)))));

  {
    System.out.println("RevocationChecks: " + profile.describe() + "; " + cards.describe());
    setUp(relyingParties.injectOpen(profile.injection()))
        .protocols(HubProtocol.http(profile))
        .assertions(profile.assertions());
  }
}
