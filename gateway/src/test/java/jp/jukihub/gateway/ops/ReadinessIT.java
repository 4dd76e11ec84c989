package jp.jukihub.gateway.ops;

import static jp.jukihub.testing.TestDatabases.setConnections;
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
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.gateway.HubServer;
import jp.jukihub.gateway.config.HubConfigLoader;
import jp.jukihub.gateway.config.HubOptions;
import jp.jukihub.gateway.config.TierOptions;
import jp.jukihub.testing.Eventually;
import jp.jukihub.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /health/ready} over real HTTP, for a hub with its own firewall rules file and its national
 * tier on a database of its own: the rule files loaded, a refused reload reported (still ready, the
 * old rules in force), and a database that stops answering named, with the tier's pool.
 */
class ReadinessIT {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir static Path data;
  static Path rules;
  static DatabaseTarget national;
  static HubServer hub;

  @BeforeAll
  static void start() throws Exception {
    rules = data.resolve("firewall.yaml");
    Files.writeString(rules, bundledRules());
    Path config = data.resolve("hub.yaml");
    Files.writeString(config, "firewall:\n  rulesFile: " + rules + "\n  reloadMillis: 100\n");
    national = TestDatabases.fresh();
    TierOptions shared = TierOptions.sharedDatabase();
    HubOptions options =
        HubConfigLoader.load(
                config,
                Map.of("JUKIHUB_DATA_DIR", data.toString(), "JUKIHUB_INSTANCE", "readiness"))
            .withFreeLoopbackPorts()
            .withTiers(
                new TierOptions(
                    null,
                    national.uriWithPassword(),
                    Map.of(),
                    true,
                    shared.maxBatch(),
                    shared.idleWaitMillis(),
                    shared.nationalBudgetMillis(),
                    shared.nationalBreakerFailures(),
                    shared.nationalBreakerOpenMillis()));
    hub = HubServer.start(options, TestDatabases.fresh(), true);
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  static String bundledRules() throws Exception {
    try (InputStream in =
        ReadinessIT.class.getResourceAsStream("/jp/jukihub/gateway/firewall.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void should_report_which_rule_files_are_loaded_and_a_refused_reload_while_staying_ready()
      throws Exception {
    HttpResponse<String> first = ready();
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    JsonObject loaded = check(first, "rule-files");
    assertThat(loaded.getString("status")).isEqualTo("UP");
    JsonObject firewall = loaded.getJsonObject("details").getJsonObject("firewall");
    int bundled = firewall.getInteger("rules");
    assertThat(firewall.getString("source")).isEqualTo(rules.toString());
    assertThat(firewall.getString("loadedAt")).isNotBlank();
    assertThat(loaded.getJsonObject("details").getJsonObject("lawTable").getString("source"))
        .isEqualTo("bundled law-table.yaml");
    assertThat(loaded.getJsonObject("details").getJsonObject("lawTable").getInteger("rows"))
        .isPositive();

    replaceRules("rules:\n  - id: broken\n    action: perhaps\n");
    HttpResponse<String> refused =
        awaitReady(
            body -> lastReload(body).map(r -> r.getString("outcome")).orElse("").equals("refused"));
    assertThat(refused.statusCode())
        .as("the previous rules stay in force, so the hub stays ready")
        .isEqualTo(200);
    assertThat(new JsonObject(refused.body()).getString("status")).isEqualTo("UP");
    JsonObject reload = lastReload(refused.body()).orElseThrow();
    assertThat(reload.getString("reason")).contains("broken").contains(rules.toString());
    assertThat(reload.getString("at")).isNotBlank();
    assertThat(
            check(refused, "rule-files")
                .getJsonObject("details")
                .getJsonObject("firewall")
                .getInteger("rules"))
        .isEqualTo(bundled);

    Files.delete(rules);
    HttpResponse<String> gone =
        awaitReady(
            body ->
                lastReload(body)
                    .map(r -> r.getString("reason", ""))
                    .orElse("")
                    .startsWith("cannot read"));
    assertThat(gone.statusCode()).isEqualTo(200);

    replaceRules(
        bundledRules()
            .replace(
                "rules:\n",
                "rules:\n  - id: readiness-extra\n    action: deny\n    from: body:nta\n    to: /v1/bodies/**\n"));
    HttpResponse<String> applied =
        awaitReady(
            body -> lastReload(body).map(r -> r.getString("outcome")).orElse("").equals("applied"));
    JsonObject after =
        check(applied, "rule-files").getJsonObject("details").getJsonObject("firewall");
    assertThat(after.getInteger("rules")).isEqualTo(bundled + 1);
    assertThat(after.getJsonObject("lastReload").containsKey("reason")).isFalse();
    assertThat(ops("/metrics"))
        .containsPattern("hub_firewall_reloads_total\\{[^}]*outcome=\"refused\"[^}]*} 2.0")
        .containsPattern("hub_firewall_reloads_total\\{[^}]*outcome=\"applied\"[^}]*} 1.0");
  }

  @Test
  void should_stay_ready_and_name_the_tier_server_in_tier_servers_when_it_stops_answering()
      throws Exception {
    assertThat(ready().statusCode()).isEqualTo(200);
    setConnections(national, false);
    try {
      // A tier on a server of its own is shared by every node: its outage must not make a balancer
      // take them all out, while lookups fall back to the prefectures.
      HttpResponse<String> degraded = awaitReady(body -> body.contains("\"DOWN: "));
      assertThat(degraded.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(degraded.body()).getString("status")).isEqualTo("UP");
      JsonObject servers = check(degraded, "tier-servers");
      assertThat(servers.getString("status")).isEqualTo("UP");
      assertThat(servers.getJsonObject("details").getString("tier-national")).startsWith("DOWN: ");
      assertThat(check(degraded, "database").getString("status")).isEqualTo("UP");
      assertThat(check(degraded, "audit-writer").getString("status")).isEqualTo("UP");
    } finally {
      setConnections(national, true);
    }
    HttpResponse<String> back = awaitReady(body -> !body.contains("\"DOWN: "));
    assertThat(back.statusCode()).isEqualTo(200);
    assertThat(check(back, "tier-servers").getJsonObject("details").getString("tier-national"))
        .isEqualTo("UP");
  }

  /** Replaces the rules file in one step, so a reload never reads it half written. */
  static void replaceRules(String content) throws Exception {
    Path next = data.resolve("firewall.yaml.next");
    Files.writeString(next, content);
    Files.move(next, rules, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static HttpResponse<String> ready() throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.opsPort() + "/health/ready"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String ops(String path) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.opsPort() + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** Asks until the answer's body satisfies {@code wanted}, for at most 10 s. */
  static HttpResponse<String> awaitReady(Predicate<String> wanted) throws Exception {
    return Eventually.until(
        Duration.ofSeconds(10),
        "/health/ready",
        ReadinessIT::ready,
        answer -> wanted.test(answer.body()));
  }

  static JsonObject check(HttpResponse<String> answer, String name) {
    return new JsonObject(answer.body())
        .getJsonArray("checks").stream()
            .map(JsonObject.class::cast)
            .filter(check -> check.getString("name").equals(name))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no check '" + name + "' in " + answer.body()));
  }

  static java.util.Optional<JsonObject> lastReload(String body) {
    return new JsonObject(body)
        .getJsonArray("checks").stream()
            .map(JsonObject.class::cast)
            .filter(check -> check.getString("name").equals("rule-files"))
            .findFirst()
            .map(
                check ->
                    check
                        .getJsonObject("details")
                        .getJsonObject("firewall")
                        .getJsonObject("lastReload"));
  }
}
