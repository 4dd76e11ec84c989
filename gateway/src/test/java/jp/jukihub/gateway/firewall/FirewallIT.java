package jp.jukihub.gateway.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.gateway.HubServer;
import jp.jukihub.gateway.cli.HubCommandIT;
import jp.jukihub.gateway.config.HubConfigLoader;
import jp.jukihub.gateway.config.HubOptions;
import jp.jukihub.testing.Eventually;
import jp.jukihub.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The firewall in front of every route, over real HTTP: denials, audit, metrics, hot reload. */
class FirewallIT {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir static Path data;
  static Path rules;
  static DatabaseTarget database;
  static HubServer hub;

  @BeforeAll
  static void start() throws Exception {
    rules = data.resolve("firewall.yaml");
    Files.writeString(rules, bundledRules());
    database = TestDatabases.fresh();
    HubOptions options =
        HubConfigLoader.load(
                null, Map.of("JUKIHUB_DATA_DIR", data.toString(), "JUKIHUB_INSTANCE", "firewall"))
            .withFreeLoopbackPorts()
            .withFirewallRules(rules);
    hub = HubServer.start(options, database, true);
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  static String bundledRules() throws Exception {
    try (InputStream in =
        FirewallIT.class.getResourceAsStream("/jp/jukihub/gateway/firewall.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static HttpResponse<String> send(String body, String method, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.apiPort() + path))
            .header("X-Jukihub-Body", body)
            .header("X-Jukihub-Operator", "fw-test")
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void should_deny_a_private_verifier_every_identity_route_naming_the_rule() throws Exception {
    HttpResponse<String> denied = send("bank-demo", "POST", "/v1/identity/lookup");

    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(denied.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    JsonObject problem = new JsonObject(denied.body());
    assertThat(problem.getString("code")).isEqualTo("FIREWALL_DENIED");
    assertThat(problem.getString("detail")).contains("verifiers-no-identity");
    String metrics =
        HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.opsPort() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(metrics)
        .containsPattern(
            "hub_firewall_decisions_total\\{action=\"deny\",.*rule=\"verifiers-no-identity\"");
  }

  @Test
  void should_judge_the_path_the_router_will_match_not_its_spelling() throws Exception {
    // Allowed as spelled (anyone may reach /v1/bodies/**), but the router resolves it to the
    // identity lookup, which verifiers may never reach.
    HttpResponse<String> dotted = send("bank-demo", "POST", "/v1/bodies/%2e%2e/identity/lookup");
    HttpResponse<String> slashed = send("bank-demo", "POST", "/v1/identity/lookup/");

    assertThat(dotted.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(dotted.body()).getString("detail")).contains("verifiers-no-identity");
    assertThat(new JsonObject(slashed.body()).getString("detail"))
        .contains("verifiers-no-identity");
  }

  @Test
  void should_record_the_rule_that_let_an_audited_request_through() throws Exception {
    HttpResponse<String> read = send("auditor", "GET", "/v1/audit/records?requestId=none");

    assertThat(read.statusCode()).isEqualTo(200);
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT firewall_rule FROM audit.record WHERE route = 'audit.records' AND operator = 'fw-test'")) {
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      String rule = null;
      while (rule == null && System.nanoTime() < deadline) {
        try (ResultSet rows = select.executeQuery()) {
          rule = rows.next() ? rows.getString(1) : null;
        }
      }
      assertThat(rule).isEqualTo("audit-trail-reads");
    }
  }

  @Test
  void should_take_a_changed_rule_file_at_once_and_keep_the_old_rules_when_the_new_file_is_invalid()
      throws Exception {
    assertThat(send("nta", "GET", "/v1/bodies/me").statusCode()).isEqualTo(200);

    Files.writeString(
        rules,
        bundledRules()
            .replace(
                "rules:\n",
                "rules:\n  - id: tax-agency-paused\n    action: deny\n    from: body:nta\n    to: /v1/bodies/**\n"));
    HttpResponse<String> paused = awaitStatus("nta", "/v1/bodies/me", 403);
    assertThat(new JsonObject(paused.body()).getString("detail")).contains("tax-agency-paused");

    Files.writeString(rules, "rules:\n  - id: broken\n    action: perhaps\n");
    // The hub reports the refusal on /health/ready once it has read the broken file.
    Eventually.until(
        Duration.ofSeconds(10),
        "the broken rules file is refused",
        () ->
            HTTP.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + hub.opsPort() + "/health/ready"))
                    .build(),
                HttpResponse.BodyHandlers.ofString()),
        ready -> ready.body().contains("\"outcome\":\"refused\""));
    assertThat(send("nta", "GET", "/v1/bodies/me").statusCode())
        .as("the previous rules stay in force")
        .isEqualTo(403);
    assertThat(send("jps", "GET", "/v1/bodies/me").statusCode()).isEqualTo(200);

    Files.writeString(rules, bundledRules());
    awaitStatus("nta", "/v1/bodies/me", 200);
  }

  @Test
  void should_explain_which_rule_decides_a_request() {
    HubCommandIT.Result denied =
        HubCommandIT.run(
            "fw",
            "explain",
            "--body",
            "bank-demo",
            "--method",
            "post",
            "--path",
            "/v1/identity/lookup");
    HubCommandIT.Result allowed =
        HubCommandIT.run(
            "fw",
            "explain",
            "--body",
            "lg-131016",
            "--method",
            "PATCH",
            "--path",
            "/v1/municipalities/131016/residents/1");

    assertThat(denied.exitCode()).isEqualTo(1);
    assertThat(denied.out())
        .contains("DENIED POST /v1/identity/lookup from bank-demo (zone verifier)")
        .contains("verifiers-no-identity");
    assertThat(allowed.exitCode()).isZero();
    assertThat(allowed.out()).contains("ALLOWED").contains("municipal-register");
  }

  @Test
  void should_list_the_law_table_for_one_body() {
    HubCommandIT.Result pension = HubCommandIT.run("law", "list", "--body", "jps");

    assertThat(pension.exitCode()).isZero();
    assertThat(pension.out())
        .contains("t1-national-pension")
        .contains("resident code (grandfathered)")
        .doesNotContain("t1-national-tax")
        .contains("3 row(s)");
    assertThat(HubCommandIT.run("law", "list", "--body", "nobody").exitCode()).isEqualTo(2);
  }

  private static HttpResponse<String> awaitStatus(String body, String path, int status)
      throws Exception {
    return Eventually.until(
        Duration.ofSeconds(10),
        "the reloaded rules answer " + status,
        () -> send(body, "GET", path),
        answer -> answer.statusCode() == status);
  }
}
