package jp.jukihub.gateway.register;

import static jp.jukihub.gateway.register.RegisterClient.awaitNational;
import static jp.jukihub.gateway.register.RegisterClient.birth;
import static jp.jukihub.testing.TestDatabases.scalar;
import static jp.jukihub.testing.TestDatabases.scalarInt;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.gateway.HubServer;
import jp.jukihub.gateway.cli.HubCommandIT;
import jp.jukihub.gateway.config.HubOptions;
import jp.jukihub.gateway.register.RegisterClient.Reply;
import jp.jukihub.nation.MunicipalityCatalog;
import jp.jukihub.nation.NationGenerator;
import jp.jukihub.nation.NationLoader;
import jp.jukihub.nation.NationOptions;
import jp.jukihub.progress.Progress;
import jp.jukihub.register.GoLive;
import jp.jukihub.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The go-live gate, prefectures on their own database, and reconcile repairing a divergence. */
class TiersIT {
  @TempDir Path data;

  @Test
  void should_store_numbers_before_go_live_but_show_them_nowhere_and_date_them_at_go_live()
      throws Exception {
    DatabaseTarget database = TestDatabases.fresh();
    HubOptions base = RegisterFlowsIT.options(data, "go-live");
    String code;
    try (HubServer before =
        HubServer.start(withGoLive(base, Instant.now().plus(Duration.ofDays(1))), database, true)) {
      RegisterClient client = new RegisterClient(before.apiPort());
      Reply registered =
          client.post(
              RegisterFlowsIT.CHIYODA,
              RegisterFlowsIT.AT_CHIYODA + "/residents",
              birth("中村\u3000八郎", "ナカムラ\u3000ハチロウ", "2015-10-05", "male"));
      assertThat(registered.status()).as(registered.json().encode()).isEqualTo(201);
      assertThat(registered.json().containsKey("myNumber")).isFalse();
      assertThat(registered.json().getString("myNumberFrom")).isNotNull();
      code = registered.json().getString("residentCode");
      assertThat(
              scalar(
                  database,
                  "SELECT my_number FROM municipal.resident WHERE resident_code = ?",
                  code))
          .as("the number J-LIS sent is stored")
          .isNotNull();

      JsonObject record =
          client
              .get(
                  RegisterFlowsIT.CHIYODA,
                  RegisterFlowsIT.AT_CHIYODA + "/residents/" + code + "/history")
              .json()
              .getJsonArray("records")
              .getJsonObject(0);
      assertThat(RegisterFlowsIT.kinds(record)).containsExactly("registered");
      assertThat(record.containsKey("myNumber")).isFalse();

      Reply certificate =
          client.post(
              RegisterFlowsIT.CHIYODA,
              RegisterFlowsIT.AT_CHIYODA + "/move-outs",
              new JsonObject()
                  .put("residentCode", code)
                  .put("plannedOn", "2015-12-01")
                  .put("destination", new JsonObject().put("address", "海外"))
                  .encode());
      assertThat(certificate.status()).isEqualTo(201);
      assertThat(certificate.json().containsKey("myNumber")).isFalse();
    }
    Instant goLive = Instant.now();
    try (HubServer after = HubServer.start(withGoLive(base, goLive), database, true)) {
      RegisterClient client = new RegisterClient(after.apiPort());
      JsonObject record =
          client
              .get(
                  RegisterFlowsIT.CHIYODA,
                  RegisterFlowsIT.AT_CHIYODA + "/residents/" + code + "/history")
              .json()
              .getJsonArray("records")
              .getJsonObject(0);
      assertThat(record.getString("myNumber")).isNotNull();
      JsonObject assigned = RegisterFlowsIT.changes(record).get(1);
      assertThat(assigned.getString("kind")).isEqualTo("my_number_assigned");
      assertThat(Instant.parse(assigned.getString("effectiveAt"))).isEqualTo(goLive);
    }
  }

  @Test
  void should_keep_a_prefecture_on_its_own_database_when_configured() throws Exception {
    DatabaseTarget hubDatabase = TestDatabases.fresh();
    DatabaseTarget osaka = TestDatabases.fresh();
    HubOptions options = RegisterFlowsIT.options(data, "split-tiers");
    options =
        options.withTiers(
            options.tiers().withPrefectureUrls(Map.of("27", osaka.uriWithPassword())));
    try (HubServer hub = HubServer.start(options, hubDatabase, true)) {
      RegisterClient client = new RegisterClient(hub.apiPort());
      Reply registered =
          client.post(
              RegisterFlowsIT.TOYONAKA,
              RegisterFlowsIT.AT_TOYONAKA + "/residents",
              birth("小林\u3000九子", "コバヤシ\u3000キュウコ", "2024-02-02", "female"));
      assertThat(registered.status()).as(registered.json().encode()).isEqualTo(201);
      String code = registered.json().getString("residentCode");

      awaitNational(hubDatabase, code, 1);
      assertThat(
              scalarInt(
                  osaka,
                  "SELECT count(*) FROM prefecture.identity WHERE pref_code = '27' AND resident_code = ?",
                  code))
          .isEqualTo(1);
      assertThat(
              scalarInt(
                  hubDatabase,
                  "SELECT count(*) FROM prefecture.identity WHERE resident_code = ?",
                  code))
          .isZero();
    }
  }

  @Test
  void should_find_an_injected_divergence_and_repair_it_from_the_municipal_tier() throws Exception {
    DatabaseTarget database = TestDatabases.fresh();
    new NationLoader(database, new NationGenerator(MunicipalityCatalog.load(), new byte[32]))
        .load(NationOptions.of(500, 11), false, Progress.SILENT);
    Path config = data.resolve("hub.yaml");
    Files.writeString(
        config,
        "data:\n  directory: " + data + "\ndatabase:\n  url: " + database.uriWithPassword() + "\n");

    HubCommandIT.Result agreed = HubCommandIT.run("reconcile", "--config", config.toString());
    assertThat(agreed.exitCode()).as(agreed.out() + agreed.err()).isZero();
    assertThat(agreed.out()).contains("tiers agree");

    String lg;
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      lg =
          (String)
              scalar(database, "SELECT lg_code FROM national.identity ORDER BY person_id LIMIT 1");
      statement.execute(
          "DELETE FROM national.identity WHERE person_id = (SELECT min(person_id) FROM national.identity)");
      statement.execute(
          "UPDATE prefecture.identity SET name_kana = 'ニセ' WHERE person_id = (SELECT max(person_id) FROM prefecture.identity)");
    }

    HubCommandIT.Result found = HubCommandIT.run("reconcile", "--config", config.toString());
    assertThat(found.exitCode()).isEqualTo(1);
    assertThat(found.out()).contains("DIVERGES  national   " + lg).contains("2 divergence(s)");

    HubCommandIT.Result fixed =
        HubCommandIT.run("reconcile", "--fix", "--config", config.toString());
    assertThat(fixed.exitCode()).as(fixed.out() + fixed.err()).isZero();
    assertThat(fixed.out()).contains("repaired 2 rows").contains("tiers agree");
    assertThat(scalarInt(database, "SELECT count(*) FROM national.identity")).isEqualTo(500);
    assertThat(
            scalarInt(database, "SELECT count(*) FROM prefecture.identity WHERE name_kana = 'ニセ'"))
        .isZero();
  }

  private static HubOptions withGoLive(HubOptions options, Instant goLive) {
    return options.withRegister(options.register().withGoLive(new GoLive(goLive)));
  }
}
