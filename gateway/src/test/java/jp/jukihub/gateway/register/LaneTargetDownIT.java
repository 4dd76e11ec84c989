package jp.jukihub.gateway.register;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.gateway.HubServer;
import jp.jukihub.gateway.config.HubConfigLoader;
import jp.jukihub.gateway.config.HubOptions;
import jp.jukihub.gateway.config.TierOptions;
import jp.jukihub.gateway.testing.FaultChecks;
import jp.jukihub.gateway.testing.FaultLoad;
import jp.jukihub.gateway.testing.FaultLoad.Answer;
import jp.jukihub.gateway.testing.Scrape;
import jp.jukihub.testing.Eventually;
import jp.jukihub.testing.FaultyPostgres;
import jp.jukihub.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tokyo's prefecture tier on a server of its own, stopped while Chiyoda registers a long run of
 * births: the municipal writes go on, the lane to Tokyo (and behind it the one to the national
 * tier) waits and retries, and once the server is back every acknowledged change reaches both
 * tiers, none lost, and the lag of new changes is back to normal.
 */
class LaneTargetDownIT {
  private static final Logger log = LoggerFactory.getLogger(LaneTargetDownIT.class);
  private static final int CHANGES = 2_000;

  @TempDir Path data;

  @Test
  void
      should_lose_no_change_and_recover_the_lag_when_a_lane_target_is_down_for_thousands_of_changes()
          throws Exception {
    DatabaseTarget database = TestDatabases.fresh();
    try (FaultyPostgres tokyoServer = FaultyPostgres.start(data.resolve("tokyo-pg"));
        HubServer hub = start(database, tokyoServer.fresh("tokyo"))) {
      tokyoServer.stop();
      List<Answer> answers;
      try (FaultLoad births = FaultLoad.start(hub.apiPort(), "lane", List.of(), 0, 100)) {
        Eventually.until(
            Duration.ofSeconds(60),
            CHANGES + " births acknowledged while Tokyo's tier is down",
            () -> births.count(answer -> answer.status() == 201) >= CHANGES);
        answers = births.answers();
      }
      long queued = outbox(database);
      tokyoServer.start();
      long back = System.nanoTime();
      Set<String> born =
          answers.stream()
              .filter(answer -> answer.status() == 201)
              .map(Answer::residentCode)
              .collect(Collectors.toSet());
      Eventually.until(
          Duration.ofSeconds(60),
          "every acknowledged birth in the national tier",
          () ->
              FaultChecks.found(
                          database,
                          "SELECT resident_code FROM national.identity WHERE resident_code = ANY (?)",
                          born)
                      .size()
                  == born.size());
      long drained = System.nanoTime();
      DatabaseTarget tokyoTier = tokyoServer.admin().withDatabase("tokyo");
      assertThat(
              FaultChecks.found(
                  tokyoTier,
                  "SELECT resident_code FROM prefecture.identity WHERE resident_code = ANY (?)",
                  born))
          .as("every acknowledged birth in Tokyo's tier")
          .hasSameSizeAs(born);
      assertThat(
              TestDatabases.scalarInt(tokyoTier, "SELECT count(*) FROM prefecture.identity_change"))
          .as("each change once")
          .isEqualTo(
              TestDatabases.scalarInt(database, "SELECT sum(version) FROM municipal.resident"));

      // The lag of changes made now, from the meter: what it added since the backlog drained.
      Scrape before = Scrape.of(hub);
      try (FaultLoad more = FaultLoad.start(hub.apiPort(), "after", List.of(), 0, 20)) {
        Eventually.until(
            Duration.ofSeconds(30),
            "births after the drain",
            () -> more.count(answer -> answer.status() == 201) >= 40);
      }
      Eventually.until(
          Duration.ofSeconds(30), "the new births shipped", () -> outbox(database) == 0);
      Scrape after = Scrape.of(hub);
      Map<String, String> national = Map.of("tier", "national");
      double count =
          after.sum("hub_tier_lag_seconds_count", national)
              - before.sum("hub_tier_lag_seconds_count", national);
      double meanLag =
          (after.sum("hub_tier_lag_seconds_sum", national)
                  - before.sum("hub_tier_lag_seconds_sum", national))
              / count;
      log.info(
          "lane target down: {} births ({}) while down, {} events queued; drained {} ms after the"
              + " server was back; then {} events with mean lag {} ms to the national tier",
          born.size(),
          FaultChecks.statuses(answers),
          queued,
          (drained - back) / 1_000_000,
          Math.round(count),
          Math.round(meanLag * 1000));
      FaultChecks.assertOnlyOkOr503(answers);
      assertThat(count).isPositive();
      assertThat(Duration.ofMillis(Math.round(meanLag * 1000)))
          .as("lag of new changes once recovered (budget 1 s)")
          .isLessThanOrEqualTo(Duration.ofSeconds(1));
    }
  }

  private static long outbox(DatabaseTarget database) throws Exception {
    return TestDatabases.scalarInt(
        database,
        "SELECT (SELECT count(*) FROM municipal.outbox) + (SELECT count(*) FROM prefecture.outbox)");
  }

  private HubServer start(DatabaseTarget database, DatabaseTarget tokyo) {
    HubOptions options =
        HubConfigLoader.load(
                null,
                Map.of(
                    "JUKIHUB_DATA_DIR", data.resolve("hub").toString(), "JUKIHUB_INSTANCE", "lane"))
            .withFreeLoopbackPorts();
    TierOptions defaults = TierOptions.sharedDatabase();
    TierOptions tiers =
        new TierOptions(
            null,
            null,
            Map.of("13", tokyo.uriWithPassword()),
            true,
            defaults.maxBatch(),
            defaults.idleWaitMillis(),
            defaults.nationalBudgetMillis(),
            defaults.nationalBreakerFailures(),
            defaults.nationalBreakerOpenMillis());
    return HubServer.start(options.withTiers(tiers), database, true);
  }
}
