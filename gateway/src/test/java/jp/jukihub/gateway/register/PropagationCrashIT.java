package jp.jukihub.gateway.register;

import static jp.jukihub.gateway.register.RegisterClient.birth;
import static jp.jukihub.testing.TestDatabases.scalar;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.gateway.testing.ChildHub;
import jp.jukihub.testing.Eventually;
import jp.jukihub.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub killed with SIGKILL while municipalities write and the shipper carries their changes up
 * in small batches, with Tokyo's prefecture tier on a database of its own: after a restart, every
 * acknowledged change reaches both tiers once, and the tiers agree with the municipal tier.
 */
class PropagationCrashIT {
  @TempDir Path data;

  @Test
  void should_lose_and_double_no_change_when_the_hub_dies_mid_propagation() throws Exception {
    DatabaseTarget database = TestDatabases.fresh();
    // Tokyo's prefecture tier on its own database: each hop then commits in one database and
    // deletes from another, the window where a crash could lose or repeat an event.
    DatabaseTarget tokyo = TestDatabases.fresh();
    Path config = data.resolve("hub.yaml");
    // Small batches keep a lane busy in the middle of a batch most of the time.
    Files.writeString(
        config,
        "tiers:\n  maxBatch: 3\n  prefectureUrls: {\"13\": \""
            + tokyo.uriWithPassword()
            + "\"}\n"
            // The test's PostgreSQL is a development database on loopback (development identity).
            + "database:\n  developmentOnly: true\n");
    List<String> args = List.of("--config", config.toString());
    ChildHub hub = ChildHub.start(database, data, "propagation-crash", args);

    Map<String, Integer> acknowledged =
        new ConcurrentHashMap<>(); // resident code -> version answered
    AtomicBoolean dead = new AtomicBoolean();
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < 6; c++) {
      int client = c;
      Thread thread =
          new Thread(
              () -> {
                for (int i = 0; !dead.get(); i++) {
                  try {
                    String id = "change-" + client + "-" + i;
                    HttpResponse<String> born =
                        hub.send(
                            RegisterFlowsIT.CHIYODA,
                            "POST",
                            RegisterFlowsIT.AT_CHIYODA + "/residents",
                            birth("木村\u3000十郎", "キムラ\u3000ジュウロウ", "2024-01-01", "male"),
                            id);
                    if (born.statusCode() != 201) {
                      continue;
                    }
                    String code = new JsonObject(born.body()).getString("residentCode");
                    acknowledged.put(code, 1);
                    HttpResponse<String> corrected =
                        hub.send(
                            RegisterFlowsIT.CHIYODA,
                            "PATCH",
                            RegisterFlowsIT.AT_CHIYODA + "/residents/" + code,
                            new JsonObject()
                                .put("addressRest", "九段南" + i + "番")
                                .put("reason", "転居")
                                .put("effectiveOn", "2024-02-01")
                                .encode(),
                            id + "-c");
                    if (corrected.statusCode() == 200) {
                      acknowledged.put(code, 2);
                    }
                  } catch (Exception connectionLost) {
                    return;
                  }
                }
              });
      clients.add(thread);
      thread.start();
    }
    // Killed once the load is well under way (at least 2.5 s in, and past 20 residents, however
    // busy the machine).
    Thread.sleep(2_500);
    try {
      Eventually.until(
          Duration.ofSeconds(30),
          "more than 20 residents acknowledged before the kill",
          () -> acknowledged.size() > 20);
    } finally {
      hub.kill();
      dead.set(true);
    }
    for (Thread thread : clients) {
      thread.join(10_000);
    }
    assertThat(acknowledged).as("the load reached the hub before the kill").hasSizeGreaterThan(20);

    ChildHub restarted = ChildHub.start(database, data, "propagation-crash", args);
    try {
      awaitDrained(database, tokyo, restarted, hub);
      // Each committed change is one event: a birth is version 1, its correction version 2.
      long events = count(database, "SELECT sum(version) FROM municipal.resident");

      // Nothing lost: each tier recorded every change (once: the change info is keyed by
      // version)...
      assertThat(count(tokyo, "SELECT count(*) FROM prefecture.identity_change"))
          .as(diagnose(database))
          .isEqualTo(events);
      assertThat(count(database, "SELECT count(*) FROM national.identity_change"))
          .isEqualTo(events);
      assertThat(count(database, "SELECT count(*) FROM prefecture.identity"))
          .as("Tokyo's rows live in Tokyo's database")
          .isZero();
      // ...every answered change is in both tiers at (at least) the answered version...
      Map<String, Integer> national =
          versions(database, "SELECT resident_code, version FROM national.identity");
      Map<String, Integer> prefecture =
          versions(tokyo, "SELECT resident_code, version FROM prefecture.identity");
      acknowledged.forEach(
          (code, version) -> {
            assertThat(national.get(code))
                .as("national version")
                .isNotNull()
                .isGreaterThanOrEqualTo(version);
            assertThat(prefecture.get(code))
                .as("prefecture version")
                .isNotNull()
                .isGreaterThanOrEqualTo(version);
          });
      // ...and the tiers agree with the municipal tier row for row.
      assertThat(
              count(
                  database,
                  "SELECT count(*) FROM municipal.resident r FULL JOIN national.identity n USING (person_id)"
                      + " WHERE (r.version, r.address_rest) IS DISTINCT FROM (n.version, n.address_rest)"))
          .isZero();
    } finally {
      restarted.stop();
    }
  }

  /** Waits until both outboxes are empty: every event has reached the national tier. */
  private static void awaitDrained(
      DatabaseTarget database, DatabaseTarget tokyo, ChildHub hub, ChildHub killed)
      throws Exception {
    try {
      Eventually.until(
          Duration.ofSeconds(30),
          "the restarted hub drains the outboxes",
          () ->
              count(database, "SELECT count(*) FROM municipal.outbox")
                      + count(tokyo, "SELECT count(*) FROM prefecture.outbox")
                  == 0);
    } catch (AssertionError notDrained) {
      throw new AssertionError(
          notDrained.getMessage()
              + "; "
              + diagnose(database)
              + "; killed hub's output:\n"
              + killed.output()
              + "; hub output:\n"
              + hub.output(),
          notDrained);
    }
  }

  private static String diagnose(DatabaseTarget database) throws Exception {
    StringBuilder out = new StringBuilder();
    for (String sql :
        List.of(
            "SELECT 'national', source, event_id, applied, updated_at FROM national.shipment",
            "SELECT 'outboxes', (SELECT count(*) FROM municipal.outbox), 0, 0, 0",
            "SELECT 'not-national', r.person_id, r.version, n.version, r.resident_code FROM municipal.resident r"
                + " LEFT JOIN national.identity n USING (person_id) WHERE n.version IS DISTINCT FROM r.version")) {
      try (Connection connection = database.dataSource().getConnection();
          Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery(sql)) {
        while (rows.next()) {
          out.append('[');
          for (int i = 1; i <= 5; i++) {
            out.append(rows.getString(i)).append(i < 5 ? " " : "");
          }
          out.append("] ");
        }
      }
    }
    return out.toString();
  }

  private static long count(DatabaseTarget database, String sql) throws Exception {
    Object value = scalar(database, sql);
    return value == null ? 0 : ((Number) value).longValue();
  }

  private static Map<String, Integer> versions(DatabaseTarget database, String sql)
      throws Exception {
    Map<String, Integer> versions = new HashMap<>();
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        versions.put(rows.getString(1), rows.getInt(2));
      }
    }
    return versions;
  }
}
