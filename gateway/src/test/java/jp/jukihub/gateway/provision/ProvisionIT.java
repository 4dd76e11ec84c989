package jp.jukihub.gateway.provision;

import static jp.jukihub.testing.TestDatabases.scalarInt;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.gateway.HubServer;
import jp.jukihub.gateway.config.HubConfigLoader;
import jp.jukihub.gateway.config.HubOptions;
import jp.jukihub.gateway.testing.Scrape;
import jp.jukihub.nation.MunicipalityCatalog;
import jp.jukihub.nation.NationGenerator;
import jp.jukihub.nation.NationLoader;
import jp.jukihub.nation.NationOptions;
import jp.jukihub.progress.Progress;
import jp.jukihub.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The information-provision network over real HTTP against a seeded nation: tokens, copies on the
 * intermediate servers, queries decided by the table of lawful exchanges, and their records.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProvisionIT {
  static final String CHIYODA = "lg-131016";
  static final String SHIBUYA = "lg-131130";
  static final String CHILD_ALLOWANCE = "x2-074-child-allowance";
  static final String CHILD_CARE = "x2-116-child-care";
  static final String TAX =
      "{\"fiscalYear\":2025,\"taxableIncome\":4200000,\"municipalTax\":252000,"
          + "\"prefecturalTax\":168000,\"incomeCategory\":\"01\",\"taxStatus\":\"1\"}";

  @TempDir static Path data;
  static DatabaseTarget database;
  static HubServer hub;
  static ProvisionClient client;
  static Person first;
  static Person second;

  record Person(long personId, String myNumber, String residentCode, String kana, String kanji) {}

  @BeforeAll
  static void start() throws Exception {
    database = TestDatabases.fresh();
    new NationLoader(database, new NationGenerator(MunicipalityCatalog.load(), new byte[32]))
        .load(NationOptions.of(500, 11), false, Progress.SILENT);
    first = person(0);
    second = person(1);
    HubOptions options =
        HubConfigLoader.load(
                null, Map.of("JUKIHUB_DATA_DIR", data.toString(), "JUKIHUB_INSTANCE", "provision"))
            .withFreeLoopbackPorts();
    hub = HubServer.start(options, database, true);
    client = new ProvisionClient(hub.apiPort());
    // Both municipalities know the first person; Shibuya keeps their local-tax income.
    assertThat(acquire(CHIYODA, "A-100", first, "C-0001").statusCode()).isEqualTo(200);
    assertThat(acquire(SHIBUYA, "B-100", first, "S-0001").statusCode()).isEqualTo(200);
    assertThat(
            send(SHIBUYA, "PUT", "/v1/provision/copies/local-tax-income/S-0001", TAX).statusCode())
        .isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  static Person person(int offset) throws Exception {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT person_id, my_number, resident_code, name_kana, name_kanji"
                    + " FROM national.identity"
                    + " WHERE my_number IS NOT NULL ORDER BY person_id OFFSET ? LIMIT 1")) {
      select.setInt(1, offset);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return new Person(
            row.getLong(1), row.getString(2), row.getString(3), row.getString(4), row.getString(5));
      }
    }
  }

  static HttpResponse<String> send(String body, String method, String path, String json)
      throws Exception {
    return client.send(body, method, path, json);
  }

  static HttpResponse<String> acquire(String body, String acquisition, Person person, String uan)
      throws Exception {
    return client.acquire(body, acquisition, person.myNumber(), uan);
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
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(new JsonObject(response.body()).getString("code")).isEqualTo(code);
  }

  @Test
  void should_answer_only_the_bodys_own_numbers_when_a_token_is_acquired() throws Exception {
    HttpResponse<String> acquired = acquire(CHIYODA, "A-200", second, "C-0002");
    assertThat(acquired.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(acquired.body()).getMap())
        .containsOnly(
            Map.entry("acquisitionNumber", "A-200"), Map.entry("unifiedAddressNumber", "C-0002"));
    assertThat(acquire(CHIYODA, "A-200", second, "C-0002").statusCode())
        .as("the same acquisition again")
        .isEqualTo(200);
  }

  @Test
  void should_provide_the_providers_copy_when_the_exchange_is_listed() throws Exception {
    HttpResponse<String> answer =
        query(CHIYODA, CHILD_ALLOWANCE, "local-tax-income", SHIBUYA, "C-0001");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    JsonObject json = new JsonObject(answer.body());
    assertThat(json.getString("affair")).isEqualTo(CHILD_ALLOWANCE);
    assertThat(json.getString("provider")).isEqualTo(SHIBUYA);
    assertThat(json.getString("item")).isEqualTo("local-tax-income");
    assertThat(json.getJsonObject("data").getLong("taxableIncome")).isEqualTo(4_200_000L);
    assertThat(json.getString("asOf")).isNotBlank();
    String requestId = answer.headers().firstValue("X-Request-Id").orElseThrow();
    // Recorded at the requester and at the provider, both under the deciding row.
    assertThat(
            scalarInt(
                database,
                "SELECT count(*) FROM audit.record WHERE request_id = ? AND body_id = ?"
                    + " AND route = 'provision.query' AND affair = ? AND outcome = 'ok'"
                    + " AND fields = ARRAY['local-tax-income']",
                requestId,
                CHIYODA,
                CHILD_ALLOWANCE))
        .isEqualTo(1);
    assertThat(
            scalarInt(
                database,
                "SELECT count(*) FROM audit.record WHERE request_id = ? AND body_id = ?"
                    + " AND route = 'provision.provide' AND affair = ? AND outcome = 'ok'",
                requestId + "/provider",
                SHIBUYA,
                CHILD_ALLOWANCE))
        .isEqualTo(1);
    assertThat(
            scalarInt(
                database,
                "SELECT count(DISTINCT (request_hash, answer_hash)) FROM audit.record"
                    + " WHERE request_id IN (?, ?)",
                requestId,
                requestId + "/provider"))
        .as("both sides attest the same request and the same answer")
        .isEqualTo(1);
  }

  @Test
  void should_refuse_with_exchange_not_permitted_when_the_table_lists_no_such_exchange()
      throws Exception {
    // Child allowance (項74) asks municipalities for local-tax income only, not households.
    assertProblem(
        query(CHIYODA, CHILD_ALLOWANCE, "household", SHIBUYA, "C-0001"),
        403,
        "EXCHANGE_NOT_PERMITTED");
    // The pension service has no child-allowance affair.
    assertProblem(
        query("jps", CHILD_ALLOWANCE, "local-tax-income", SHIBUYA, "J-0001"),
        403,
        "EXCHANGE_NOT_PERMITTED");
    // Not a provider the row names.
    assertProblem(
        query(CHIYODA, CHILD_ALLOWANCE, "local-tax-income", "jps", "C-0001"),
        403,
        "EXCHANGE_NOT_PERMITTED");
    HttpResponse<String> verifier =
        query("bank-demo", CHILD_ALLOWANCE, "local-tax-income", SHIBUYA, "B-0001");
    assertProblem(verifier, 403, "FIREWALL_DENIED");
  }

  @Test
  void should_count_a_query_the_table_refuses_under_its_item_and_code_when_metered()
      throws Exception {
    double before = queries("household", "EXCHANGE_NOT_PERMITTED");
    assertProblem(
        query(CHIYODA, CHILD_ALLOWANCE, "household", SHIBUYA, "C-0001"),
        403,
        "EXCHANGE_NOT_PERMITTED");
    assertThat(queries("household", "EXCHANGE_NOT_PERMITTED")).isEqualTo(before + 1);
    assertThat(queries("pension-benefit", "INTERNAL")).as("a zero series from the start").isZero();
  }

  /** hub_provision_queries_total for one item and outcome, as the ops port exports it. */
  static double queries(String item, String outcome) throws Exception {
    return Scrape.of(hub)
        .sum("hub_provision_queries_total", Map.of("item", item, "outcome", outcome));
  }

  // Last of all: the trail takes the late commit as a failed store and recovers by itself, and a
  // test after it could meet that window (the hub is shared).
  @Test
  @Order(Integer.MAX_VALUE)
  void should_answer_503_and_count_it_when_the_trail_cannot_keep_the_records_of_a_query()
      throws Exception {
    double before = queries("local-tax-income", "AUDIT_UNAVAILABLE");
    try (Connection lock = database.dataSource().getConnection()) {
      // Commits wait behind this lock: the records are not kept within the trail's 1 s.
      lock.setAutoCommit(false);
      try (Statement statement = lock.createStatement()) {
        statement.execute("LOCK TABLE audit.chain_head IN ACCESS EXCLUSIVE MODE");
      }
      HttpResponse<String> refused =
          query(CHIYODA, CHILD_ALLOWANCE, "local-tax-income", SHIBUYA, "C-0001");
      assertProblem(refused, 503, "AUDIT_UNAVAILABLE");
      assertThat(refused.body()).as("nothing provided").doesNotContain("taxableIncome");
      lock.rollback();
    }
    assertThat(queries("local-tax-income", "AUDIT_UNAVAILABLE")).isEqualTo(before + 1);
  }

  @Test
  void should_answer_no_copy_when_the_provider_holds_none_of_the_item() throws Exception {
    assertProblem(query(CHIYODA, CHILD_CARE, "household", SHIBUYA, "C-0001"), 404, "NO_COPY");
  }

  @Test
  void should_answer_no_token_when_either_side_holds_no_token_for_the_person() throws Exception {
    assertProblem(
        query(CHIYODA, CHILD_ALLOWANCE, "local-tax-income", SHIBUYA, "C-9999"), 404, "NO_TOKEN");
    assertThat(acquire(CHIYODA, "A-300", second, "C-0003").statusCode()).isEqualTo(200);
    assertProblem(
        query(CHIYODA, CHILD_ALLOWANCE, "local-tax-income", SHIBUYA, "C-0003"), 404, "NO_TOKEN");
  }

  @Test
  void should_refuse_a_second_person_when_an_acquisition_or_address_number_is_reused()
      throws Exception {
    assertProblem(acquire(CHIYODA, "A-100", second, "C-0004"), 409, "ACQUISITION_NUMBER_REUSED");
    assertProblem(acquire(CHIYODA, "A-400", second, "C-0001"), 409, "ADDRESS_NUMBER_TAKEN");
  }

  @Test
  void should_refuse_bad_numbers_and_unknown_people_without_echoing_them() throws Exception {
    HttpResponse<String> myNumberAsAcquisition = acquire(CHIYODA, first.myNumber(), first, "C-5");
    assertProblem(myNumberAsAcquisition, 400, "INVALID_REQUEST");
    assertThat(myNumberAsAcquisition.body()).doesNotContain(first.myNumber());
    HttpResponse<String> residentCodeAsAddress =
        acquire(CHIYODA, "A-500", first, first.residentCode());
    assertProblem(residentCodeAsAddress, 400, "INVALID_REQUEST");
    assertThat(residentCodeAsAddress.body()).doesNotContain(first.residentCode());
    assertProblem(
        send(
            CHIYODA,
            "POST",
            "/v1/provision/tokens",
            "{\"acquisitionNumber\":\"A-501\",\"myNumber\":\"123456789018\","
                + "\"unifiedAddressNumber\":\"C-0501\"}"),
        404,
        "NOT_FOUND");
    assertProblem(
        send(CHIYODA, "POST", "/v1/provision/tokens", "{\"acquisitionNumber\":\"A-502\"}"),
        400,
        "INVALID_REQUEST");
  }

  @Test
  void should_keep_every_version_when_a_copy_is_replaced_and_withdrawn() throws Exception {
    assertThat(acquire(SHIBUYA, "B-600", second, "S-0600").statusCode()).isEqualTo(200);
    String path = "/v1/provision/copies/local-tax-income/S-0600";
    HttpResponse<String> registered = send(SHIBUYA, "PUT", path, TAX);
    assertThat(new JsonObject(registered.body()).getInteger("version")).isEqualTo(1);
    HttpResponse<String> replaced = send(SHIBUYA, "PUT", path, TAX.replace("4200000", "4300000"));
    assertThat(new JsonObject(replaced.body()).getInteger("version")).isEqualTo(2);
    HttpResponse<String> withdrawn = send(SHIBUYA, "DELETE", path, null);
    assertThat(withdrawn.statusCode()).as(withdrawn.body()).isEqualTo(200);
    assertProblem(send(SHIBUYA, "DELETE", path, null), 404, "NO_COPY");
    assertThat(
            scalarInt(
                database,
                "SELECT count(*) FROM intermediate.copy_history WHERE body_id = ?"
                    + " AND item = 'local-tax-income'",
                SHIBUYA))
        .as("registered, replaced, withdrawn (and the copy from the set-up)")
        .isEqualTo(4);
  }

  @Test
  void should_refuse_a_copy_that_breaks_the_data_standard_naming_the_field_only() throws Exception {
    HttpResponse<String> refused =
        send(
            SHIBUYA,
            "PUT",
            "/v1/provision/copies/local-tax-income/S-0001",
            TAX.replace("\"01\"", "\"" + first.myNumber() + "\""));
    assertProblem(refused, 400, "COPY_NOT_STANDARD");
    assertThat(refused.body()).contains("incomeCategory").doesNotContain(first.myNumber());
    assertProblem(
        send(SHIBUYA, "PUT", "/v1/provision/copies/no-such-item/S-0001", TAX),
        400,
        "COPY_NOT_STANDARD");
    assertProblem(
        send(SHIBUYA, "PUT", "/v1/provision/copies/local-tax-income/S-0404", TAX), 404, "NO_TOKEN");
  }

  // After the others, so it scans what they left behind (the last one leaves only audit records).
  @Test
  @Order(Integer.MAX_VALUE - 1)
  void should_hold_no_number_name_or_acquisition_number_when_the_network_is_scanned()
      throws Exception {
    StringBuilder everything = new StringBuilder();
    try (Connection connection = database.dataSource().getConnection()) {
      for (String table :
          new String[] {
            "network.token",
            "network.acquisition",
            "intermediate.address",
            "intermediate.copy",
            "intermediate.copy_history"
          }) {
        // Every column as text (bytea as hex and as raw bytes read as text), every row.
        try (PreparedStatement select =
                connection.prepareStatement("SELECT t::text FROM " + table + " t");
            ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            everything.append(rows.getString(1)).append('\n');
          }
        }
      }
    }
    String scanned = everything.toString();
    assertThat(scanned).isNotEmpty();
    for (Person person : new Person[] {first, second, person(2)}) {
      assertThat(scanned)
          .doesNotContain(person.myNumber())
          .doesNotContain(person.residentCode())
          .doesNotContain(person.kana())
          .doesNotContain(person.kanji());
    }
    // Every acquisition number any test used.
    for (String acquisition :
        new String[] {
          "A-100", "B-100", "A-200", "A-300", "A-700", "A-800", "B-600", "B-800", "K-1"
        }) {
      assertThat(scanned).doesNotContain(acquisition);
    }
  }

  @Test
  void should_give_two_bodies_different_stable_tokens_when_both_acquire_one_person()
      throws Exception {
    String chiyoda = token(CHIYODA, "C-0001");
    String shibuya = token(SHIBUYA, "S-0001");
    assertThat(chiyoda).isNotEqualTo(shibuya);
    assertThat(acquire(CHIYODA, "A-700", first, "C-0001").statusCode()).isEqualTo(200);
    assertThat(token(CHIYODA, "C-0001")).as("a new acquisition, the same token").isEqualTo(chiyoda);
  }

  @Test
  void should_say_whether_two_people_are_one_household_without_a_name() throws Exception {
    assertThat(acquire(SHIBUYA, "B-800", second, "S-0800").statusCode()).isEqualTo(200);
    assertThat(acquire(CHIYODA, "A-800", second, "C-0800").statusCode()).isEqualTo(200);
    String household =
        "{\"householdNumber\":\"0000004711\",\"relationshipCode\":\"%s\",\"isHead\":%s,"
            + "\"since\":\"2020-04-01\"}";
    send(SHIBUYA, "PUT", "/v1/provision/copies/household/S-0001", household.formatted("02", true));
    send(SHIBUYA, "PUT", "/v1/provision/copies/household/S-0800", household.formatted("11", false));
    HttpResponse<String> same = householdCheck("C-0001", "C-0800");
    assertThat(same.statusCode()).as(same.body()).isEqualTo(200);
    assertThat(new JsonObject(same.body()).getBoolean("sameHousehold")).isTrue();
    assertThat(same.body())
        .doesNotContain(first.kana())
        .doesNotContain("0000004711")
        .doesNotContain("relationshipCode");
    send(
        SHIBUYA,
        "PUT",
        "/v1/provision/copies/household/S-0800",
        household.replace("0000004711", "0000009999").formatted("02", true));
    assertThat(
            new JsonObject(householdCheck("C-0001", "C-0800").body()).getBoolean("sameHousehold"))
        .isFalse();
    assertProblem(householdCheck("C-0001", "C-9998"), 404, "NO_TOKEN");
  }

  static HttpResponse<String> householdCheck(String uan, String other) throws Exception {
    return send(
        CHIYODA,
        "POST",
        "/v1/provision/household-checks",
        new JsonObject()
            .put("affair", CHILD_CARE)
            .put("provider", SHIBUYA)
            .put("unifiedAddressNumber", uan)
            .put("otherUnifiedAddressNumber", other)
            .encode());
  }

  @Test
  void should_show_each_body_its_own_side_when_it_reads_its_provision_records() throws Exception {
    HttpResponse<String> asked =
        query(CHIYODA, CHILD_ALLOWANCE, "local-tax-income", SHIBUYA, "C-0001");
    String requestId = asked.headers().firstValue("X-Request-Id").orElseThrow();
    JsonObject requester =
        recordOf(send(CHIYODA, "GET", "/v1/provision/records?limit=1000", null), requestId);
    assertThat(requester.getString("side")).isEqualTo("requester");
    assertThat(requester.getString("counterpart")).isEqualTo(SHIBUYA);
    assertThat(requester.getString("affair")).isEqualTo(CHILD_ALLOWANCE);
    assertThat(requester.getJsonArray("fields").getList()).containsExactly("local-tax-income");
    JsonObject provider =
        recordOf(
            send(SHIBUYA, "GET", "/v1/provision/records?limit=1000", null),
            requestId + "/provider");
    assertThat(provider.getString("side")).isEqualTo("provider");
    assertThat(provider.getString("counterpart")).isEqualTo(CHIYODA);
    assertThat(send("jps", "GET", "/v1/provision/records", null).body())
        .as("another body sees neither side")
        .doesNotContain(requestId);
    assertProblem(send("bank-demo", "GET", "/v1/provision/records", null), 403, "FIREWALL_DENIED");
  }

  static JsonObject recordOf(HttpResponse<String> page, String requestId) {
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    return new JsonObject(page.body())
        .getJsonArray("records").stream()
            .map(JsonObject.class::cast)
            .filter(record -> record.getString("requestId").equals(requestId))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no record " + requestId + " in " + page.body()));
  }

  @Test
  void should_answer_each_line_in_order_when_queries_come_as_a_batch() throws Exception {
    String lines =
        String.join(
            "\n",
            query(CHILD_ALLOWANCE, "local-tax-income", SHIBUYA, "C-0001"),
            query(CHILD_ALLOWANCE, "household", SHIBUYA, "C-0001"),
            query(CHILD_ALLOWANCE, "local-tax-income", SHIBUYA, "C-9997"),
            "{\"affair\":1}");
    String[] answers = ndjson(CHIYODA, "/v1/provision/queries:batch", lines);
    assertThat(answers).hasSize(4);
    assertThat(new JsonObject(answers[0]).getInteger("status")).isEqualTo(200);
    assertThat(new JsonObject(answers[0]).getJsonObject("answer").getJsonObject("data"))
        .isNotNull();
    assertThat(new JsonObject(answers[1]).getJsonObject("problem").getString("code"))
        .isEqualTo("EXCHANGE_NOT_PERMITTED");
    assertThat(new JsonObject(answers[2]).getJsonObject("problem").getString("code"))
        .isEqualTo("NO_TOKEN");
    assertThat(new JsonObject(answers[3]).getInteger("status")).isEqualTo(400);
  }

  @Test
  void should_acquire_and_register_line_by_line_when_a_body_joins_in_bulk() throws Exception {
    Person third = person(2);
    String tokens =
        new JsonObject()
                .put("acquisitionNumber", "K-1")
                .put("myNumber", third.myNumber())
                .put("unifiedAddressNumber", "K-0001")
                .encode()
            + "\n"
            + new JsonObject()
                .put("acquisitionNumber", "K-2")
                .put("myNumber", "123456789018")
                .put("unifiedAddressNumber", "K-0002")
                .encode();
    String[] acquired = ndjson("jps", "/v1/provision/tokens:batch", tokens);
    assertThat(new JsonObject(acquired[0]).getInteger("status")).isEqualTo(200);
    assertThat(new JsonObject(acquired[1]).getJsonObject("problem").getString("code"))
        .isEqualTo("NOT_FOUND");
    String copies =
        new JsonObject()
                .put("item", "pension-benefit")
                .put("unifiedAddressNumber", "K-0001")
                .put("data", new JsonObject().put("no", "such field"))
                .encode()
            + "\n";
    String[] registered = ndjson("jps", "/v1/provision/copies:batch", copies);
    assertThat(new JsonObject(registered[0]).getJsonObject("problem").getString("code"))
        .isEqualTo("COPY_NOT_STANDARD");
    assertThat(registered[0]).doesNotContain("such field");
  }

  static String query(String affair, String item, String provider, String uan) {
    return new JsonObject()
        .put("affair", affair)
        .put("item", item)
        .put("provider", provider)
        .put("unifiedAddressNumber", uan)
        .encode();
  }

  static String[] ndjson(String body, String path, String lines) throws Exception {
    HttpResponse<String> answer =
        client.send(body, "POST", path, "application/x-ndjson", lines, Map.of());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return answer.body().split("\n");
  }

  static String token(String body, String uan) throws Exception {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT encode(token, 'hex') FROM intermediate.address"
                    + " WHERE body_id = ? AND unified_address_number = ?")) {
      select.setString(1, body);
      select.setString(2, uan);
      try (ResultSet row = select.executeQuery()) {
        assertThat(row.next()).as("a token for " + body + " under " + uan).isTrue();
        return row.getString(1);
      }
    }
  }
}
