package jp.jukihub.gateway.provision;

import static jp.jukihub.testing.TestDatabases.scalar;
import static jp.jukihub.testing.TestDatabases.scalarInt;
import static jp.jukihub.testing.TestDatabases.setConnections;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.gateway.HubServer;
import jp.jukihub.gateway.config.HubConfigLoader;
import jp.jukihub.gateway.config.HubOptions;
import jp.jukihub.gateway.config.ProvisionOptions;
import jp.jukihub.nation.MunicipalityCatalog;
import jp.jukihub.nation.NationGenerator;
import jp.jukihub.nation.NationLoader;
import jp.jukihub.nation.NationOptions;
import jp.jukihub.progress.Progress;
import jp.jukihub.testing.Eventually;
import jp.jukihub.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The intermediate servers on a database of their own ({@code provision.intermediateUrl}), over
 * real HTTP: tokens, copies and queries answer as on one database, the addresses and copies land on
 * the intermediate servers' database only, the links on the national tier's, and a birth's token
 * reaches the intermediate servers' database through the register's token lane; while that database
 * is away the node stays ready and its queries answer 503.
 */
class IntermediateDatabaseIT {
  static final String CHIYODA = "lg-131016";
  static final String SHIBUYA = "lg-131130";
  static final String CHILD_ALLOWANCE = "x2-074-child-allowance";
  static final String CHILD_CARE = "x2-116-child-care";
  static final String TAX =
      "{\"fiscalYear\":2025,\"taxableIncome\":4200000,\"municipalTax\":252000,"
          + "\"prefecturalTax\":168000,\"incomeCategory\":\"01\",\"taxStatus\":\"1\"}";

  @TempDir static Path data;
  static DatabaseTarget database;
  static DatabaseTarget intermediate;
  static HubServer hub;
  static ProvisionClient client;

  @BeforeAll
  static void start() throws Exception {
    database = TestDatabases.fresh();
    intermediate = TestDatabases.fresh();
    new NationLoader(database, new NationGenerator(MunicipalityCatalog.load(), new byte[32]))
        .load(NationOptions.of(500, 11), false, Progress.SILENT);
    HubOptions options =
        HubConfigLoader.load(
                null,
                Map.of("JUKIHUB_DATA_DIR", data.toString(), "JUKIHUB_INSTANCE", "intermediate"))
            .withFreeLoopbackPorts()
            .withProvision(new ProvisionOptions(intermediate.uriWithPassword()));
    hub = HubServer.start(options, database, true);
    client = new ProvisionClient(hub.apiPort());
    String first = myNumber(0);
    assertThat(acquire(CHIYODA, "A-100", first, "C-0001").statusCode()).isEqualTo(200);
    assertThat(acquire(SHIBUYA, "B-100", first, "S-0001").statusCode()).isEqualTo(200);
    assertThat(acquire(CHIYODA, "A-200", myNumber(1), "C-0002").statusCode()).isEqualTo(200);
    HttpResponse<String> copy =
        send(SHIBUYA, "PUT", "/v1/provision/copies/local-tax-income/S-0001", TAX);
    assertThat(copy.statusCode()).as(copy.body()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void should_provide_the_providers_copy_when_the_intermediate_servers_have_their_own_database()
      throws Exception {
    HttpResponse<String> answer =
        query(CHIYODA, CHILD_ALLOWANCE, "local-tax-income", SHIBUYA, "C-0001");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    JsonObject json = new JsonObject(answer.body());
    assertThat(json.getString("provider")).isEqualTo(SHIBUYA);
    assertThat(json.getJsonObject("data").getLong("taxableIncome")).isEqualTo(4_200_000L);
    assertThat(json.getString("asOf")).isNotBlank();
  }

  @Test
  void should_answer_no_token_and_no_copy_when_the_intermediate_servers_have_their_own_database()
      throws Exception {
    assertProblem(
        query(CHIYODA, CHILD_ALLOWANCE, "local-tax-income", SHIBUYA, "C-9999"), 404, "NO_TOKEN");
    // Chiyoda holds a token for the second person; Shibuya holds none.
    assertProblem(
        query(CHIYODA, CHILD_ALLOWANCE, "local-tax-income", SHIBUYA, "C-0002"), 404, "NO_TOKEN");
    assertProblem(query(CHIYODA, CHILD_CARE, "household", SHIBUYA, "C-0001"), 404, "NO_COPY");
  }

  @Test
  void should_keep_addresses_and_copies_apart_from_the_links_when_the_url_is_set()
      throws Exception {
    assertThat(count(database, "intermediate.address")).isZero();
    assertThat(count(database, "intermediate.copy")).isZero();
    assertThat(count(database, "intermediate.copy_history")).isZero();
    assertThat(count(intermediate, "intermediate.address")).isGreaterThanOrEqualTo(3);
    assertThat(count(intermediate, "intermediate.copy")).isGreaterThanOrEqualTo(1);
    assertThat(count(intermediate, "intermediate.copy_history")).isGreaterThanOrEqualTo(1);
    assertThat(count(database, "network.token")).isGreaterThanOrEqualTo(3);
    assertThat(count(database, "network.acquisition")).isGreaterThanOrEqualTo(3);
    assertThat(count(intermediate, "network.token")).isZero();
    assertThat(count(intermediate, "network.acquisition")).isZero();
  }

  @Test
  void should_deliver_a_births_token_into_the_intermediate_database_when_it_is_separate()
      throws Exception {
    JsonObject birth =
        new JsonObject()
            .put("event", "birth")
            .put("name", new JsonObject().put("kanji", "山田\u3000花子").put("kana", "ヤマダ\u3000ハナコ"))
            .put("birthDate", "2024-04-01")
            .put("sex", "female")
            .put("addressRest", "千代田1丁目1番1号");
    HttpResponse<String> born =
        client.send(
            CHIYODA,
            "POST",
            "/v1/municipalities/131016/residents",
            "application/json",
            birth.encode(),
            Map.of("Idempotency-Key", UUID.randomUUID().toString()));
    assertThat(born.statusCode()).as(born.body()).isEqualTo(201);
    String uan = new JsonObject(born.body()).getString("unifiedAddressNumber");
    String token =
        Eventually.<String>until(
            Duration.ofSeconds(15),
            "the birth's token on the intermediate servers' database",
            () ->
                (String)
                    scalar(
                        intermediate,
                        "SELECT encode(token, 'hex') FROM intermediate.address"
                            + " WHERE body_id = ? AND unified_address_number = ?",
                        CHIYODA,
                        uan),
            found -> found != null);
    assertThat(
            scalarInt(
                database,
                "SELECT count(*) FROM network.token WHERE body_id = ? AND token = decode(?, 'hex')",
                CHIYODA,
                token))
        .isEqualTo(1);
    assertThat(
            scalarInt(
                database,
                "SELECT count(*) FROM intermediate.address WHERE unified_address_number = ?",
                uan))
        .isZero();
    // The municipality keeps a copy under the delivered number, on the intermediate database.
    HttpResponse<String> copy =
        send(
            CHIYODA,
            "PUT",
            "/v1/provision/copies/household/" + uan,
            "{\"householdNumber\":\"1234567890\",\"relationshipCode\":\"20\",\"isHead\":false,"
                + "\"since\":\"2024-04-01\"}");
    assertThat(copy.statusCode()).as(copy.body()).isEqualTo(200);
    assertThat(
            scalarInt(
                intermediate,
                "SELECT count(*) FROM intermediate.copy WHERE body_id = ? AND item = 'household'",
                CHIYODA))
        .isEqualTo(1);
  }

  @Test
  void should_log_in_to_the_intermediate_database_only_as_the_jobs_that_read_it() throws Exception {
    // The lane and the pools of provision (and the portal's, for a resident's held copies) connect
    // as their roles, never as the URL's owner.
    Set<String> users =
        Eventually.until(
            Duration.ofSeconds(20),
            "the provision role connected to the intermediate database",
            () -> TestDatabases.connectedUsers(intermediate),
            seen -> seen.contains("jukihub_provision"));
    assertThat(users).isSubsetOf("jukihub_provision", "jukihub_portal");
  }

  /**
   * Every node shares the intermediate servers' database, so its outage must not take the nodes out
   * of a balancer: lookups and revocation checks do not need it. Readiness reports it and stays up;
   * a query answers 503 meanwhile, and again 200 once it is back.
   */
  @Test
  void should_stay_ready_while_the_intermediate_database_is_away() throws Exception {
    setConnections(intermediate, false);
    try {
      HttpResponse<String> ready =
          Eventually.until(
              Duration.ofSeconds(10),
              "the intermediate servers reported down",
              () -> ProvisionClient.ops(hub.opsPort(), "/health/ready"),
              answer -> tierServers(answer).getString("intermediate", "").startsWith("DOWN"));
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
      HttpResponse<String> away =
          query(CHIYODA, CHILD_ALLOWANCE, "local-tax-income", SHIBUYA, "C-0001");
      assertThat(away.statusCode()).as(away.body()).isEqualTo(503);
      assertThat(new JsonObject(away.body()).getString("code")).isEqualTo("STORE_UNAVAILABLE");
    } finally {
      setConnections(intermediate, true);
    }
    HttpResponse<String> back =
        Eventually.until(
            Duration.ofSeconds(10),
            "a query answered again",
            () -> query(CHIYODA, CHILD_ALLOWANCE, "local-tax-income", SHIBUYA, "C-0001"),
            answer -> answer.statusCode() == 200);
    assertThat(
            tierServers(ProvisionClient.ops(hub.opsPort(), "/health/ready"))
                .getString("intermediate"))
        .isEqualTo("UP");
    assertThat(back.statusCode()).isEqualTo(200);
  }

  static JsonObject tierServers(HttpResponse<String> ready) {
    return new JsonObject(ready.body())
        .getJsonArray("checks").stream()
            .map(JsonObject.class::cast)
            .filter(check -> check.getString("name").equals("tier-servers"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no tier-servers check in " + ready.body()))
            .getJsonObject("details");
  }

  static String myNumber(int offset) throws Exception {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT my_number FROM national.identity"
                    + " WHERE my_number IS NOT NULL ORDER BY person_id OFFSET ? LIMIT 1")) {
      select.setInt(1, offset);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getString(1);
      }
    }
  }

  static int count(DatabaseTarget target, String table) throws Exception {
    return scalarInt(target, "SELECT count(*) FROM " + table);
  }

  static HttpResponse<String> send(String body, String method, String path, String json)
      throws Exception {
    return client.send(body, method, path, json);
  }

  static HttpResponse<String> acquire(String body, String acquisition, String myNumber, String uan)
      throws Exception {
    return client.acquire(body, acquisition, myNumber, uan);
  }

  static HttpResponse<String> query(
      String body, String affair, String item, String provider, String uan) throws Exception {
    return send(
        body,
        "POST",
        "/v1/provision/queries",
        new JsonObject()
            .put("affair", affair)
            .put("item", item)
            .put("provider", provider)
            .put("unifiedAddressNumber", uan)
            .encode());
  }

  static void assertProblem(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(new JsonObject(response.body()).getString("code")).isEqualTo(code);
  }
}
