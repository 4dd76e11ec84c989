package jp.jukihub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.gateway.HubServer;
import jp.jukihub.gateway.config.HubConfigLoader;
import jp.jukihub.gateway.config.HubOptions;
import jp.jukihub.gateway.config.LimitOptions;
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
 * The ops files against a real hub: a hub in process on a small seeded nation serves a few real
 * requests (a lookup, a cached lookup, a firewall denial, a 404, a rate-limit rejection), then its
 * scrape must hold every metric the dashboard and the alert rules query, and a real Prometheus
 * (Debian's, through {@code ./hub ops smoke}) must receive them from its ops port.
 */
class OpsMetersIT {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Prometheus's own series, not one of the hub's meters. */
  private static final Set<String> PROMETHEUS_SERIES = Set.of("up");

  @TempDir static Path data;
  static HubServer hub;

  @BeforeAll
  static void start_a_hub_and_serve_traffic() throws Exception {
    DatabaseTarget database = TestDatabases.fresh();
    new NationLoader(database, new NationGenerator(MunicipalityCatalog.load(), new byte[32]))
        .load(NationOptions.of(500, 7), false, Progress.SILENT);
    HubOptions options =
        HubConfigLoader.load(
                null, Map.of("JUKIHUB_DATA_DIR", data.toString(), "JUKIHUB_INSTANCE", "ops-meters"))
            .withFreeLoopbackPorts();
    // jps may send one request a second (a burst of two), so a third in a row is rejected.
    options =
        options.withLimits(new LimitOptions(options.limits().ratePerSecond(), Map.of("jps", 1)));
    hub = HubServer.start(options, database, true);

    String myNumber = anyMyNumber(database);
    JsonObject tax = new JsonObject().put("affair", "t1-national-tax").put("myNumber", myNumber);
    assertThat(call("nta", "POST", "/v1/identity/lookup", tax).statusCode()).isEqualTo(200);
    assertThat(call("nta", "POST", "/v1/identity/lookup", tax).statusCode())
        .as("from the cache")
        .isEqualTo(200);
    assertThat(call("bank-demo", "POST", "/v1/identity/lookup", tax).statusCode())
        .as("the firewall")
        .isEqualTo(403);
    JsonObject pension = tax.copy().put("affair", "t1-national-pension");
    assertThat(call("nta", "POST", "/v1/identity/lookup", pension).statusCode())
        .as("the law table")
        .isEqualTo(403);
    assertThat(call("nta", "GET", "/v1/bodies/no-such-route", null).statusCode()).isEqualTo(404);
    // Asked until refused (a slow machine may refill the bucket between two calls), within a bound.
    java.util.List<Integer> statuses = new java.util.ArrayList<>();
    while (!statuses.contains(429) && statuses.size() < 50) {
      statuses.add(call("jps", "GET", "/v1/bodies/me", null).statusCode());
    }
    assertThat(statuses).as("the rate limit").contains(429);
    // A relying party's CRL download, metered per party; the publisher issues the CRLs in its first
    // pass.
    Eventually.until(
        Duration.ofSeconds(10),
        "a CRL download",
        () -> call("bank-demo", "GET", "/v1/jpki/crl/sign", null).statusCode(),
        status -> status == 200);
    // The JVM's GC meters appear with the first collection after the hub's start.
    System.gc();
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void
      should_export_every_metric_the_dashboard_and_the_alerts_query_when_the_hub_has_served_requests()
          throws Exception {
    Set<String> exported = sampleNames(scrape());
    Map<String, Set<String>> wanted = new TreeMap<>();
    OpsFiles.dashboardQueries()
        .forEach(
            query ->
                PromQl.metricNames(query.promql())
                    .forEach(
                        name ->
                            wanted
                                .computeIfAbsent(name, n -> new TreeSet<>())
                                .add("dashboard: " + query.where())));
    OpsFiles.alerts()
        .forEach(
            alert ->
                PromQl.metricNames(alert.expr())
                    .forEach(
                        name ->
                            wanted
                                .computeIfAbsent(name, n -> new TreeSet<>())
                                .add("alert: " + alert.name())));
    PROMETHEUS_SERIES.forEach(wanted::remove);

    Map<String, Set<String>> missing =
        wanted.entrySet().stream()
            .filter(entry -> !exported.contains(entry.getKey()))
            .collect(
                Collectors.toMap(
                    Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));

    assertThat(wanted)
        .as("the queries name the hub's meters")
        .containsKeys(
            "hub_requests_seconds_bucket",
            "hub_audit_available",
            "hub_tier_lag_seconds_bucket",
            "hub_provision_queries_total",
            "hub_provision_token_lag_seconds_bucket",
            "hub_portal_logins_total",
            "hub_portal_notices_pass_age_seconds",
            "vertx_pool_in_use");
    assertThat(missing)
        .as("metrics queried (by whom) that the hub's scrape does not hold")
        .isEmpty();
  }

  @Test
  void should_deliver_the_hubs_meters_to_a_real_prometheus_when_it_scrapes_the_ops_port() {
    DebianPrometheus.assume();

    DebianPrometheus.Run smoke =
        DebianPrometheus.run(
            Duration.ofMinutes(2),
            "bash",
            OpsFiles.SCRIPTS.resolve("prometheus-smoke").toString(),
            "--ops",
            "127.0.0.1:" + hub.opsPort(),
            "--seconds",
            "30");

    assertThat(smoke.exit()).as(smoke.output()).isZero();
    assertThat(smoke.output())
        .as(smoke.output())
        .contains("PASS up{job=\"juki-hub\"} is 1")
        .contains("PASS hub_requests_seconds_count arrived")
        .contains("PASS all " + OpsFiles.alerts().size() + " alert rules of alerts.yml evaluate")
        .contains("ops smoke: PASS")
        .doesNotContain("FAIL");
  }

  private static String scrape() throws Exception {
    HttpResponse<String> metrics =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.opsPort() + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.statusCode()).isEqualTo(200);
    return metrics.body();
  }

  /** The names of the samples in a Prometheus text scrape ({@code name{labels} value}). */
  private static Set<String> sampleNames(String scrape) {
    return scrape
        .lines()
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .map(line -> line.split("[{ ]", 2)[0])
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static HttpResponse<String> call(String body, String method, String path, JsonObject json)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.apiPort() + path))
            .header("X-Jukihub-Body", body)
            .header("X-Jukihub-Operator", "ops-check")
            .timeout(Duration.ofSeconds(10));
    if (json == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json.encode()));
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String anyMyNumber(DatabaseTarget database) throws Exception {
    try (Connection connection = database.dataSource().getConnection();
        Statement select = connection.createStatement();
        ResultSet row =
            select.executeQuery(
                "SELECT my_number FROM national.identity ORDER BY person_id LIMIT 1")) {
      assertThat(row.next()).as("the seeded nation has residents").isTrue();
      return row.getString(1);
    }
  }
}
