package jp.jukihub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Prometheus and Grafana files as the tools read them: promtool checks the scrape config and
 * the rules and runs the rules' unit tests; the dashboard's queries must parse as PromQL; every
 * alert names a runbook that exists.
 */
class PrometheusFilesTest {
  /**
   * Label names an alert may carry or a query may match on: bounded, never personal data. A {@code
   * verifier} is a registered relying party's corporate number (public, one per party); an {@code
   * item} one of the data standard's items or {@code other}; a {@code source} of tokens {@code
   * request} or {@code register}.
   */
  private static final Set<String> LABELS =
      Set.of(
          "job",
          "instance",
          "region",
          "service",
          "route",
          "outcome",
          "tier",
          "result",
          "reason",
          "rule",
          "action",
          "body",
          "cache",
          "pool_name",
          "pool_type",
          "area",
          "le",
          "severity",
          "table",
          "kind",
          "check",
          "verifier",
          "item",
          "source");

  @Test
  void should_accept_the_scrape_config_when_promtool_checks_it() {
    DebianPrometheus.assume();
    DebianPrometheus.Run check =
        DebianPrometheus.promtool("check", "config", OpsFiles.PROMETHEUS_CONFIG.toString());
    assertThat(check.exit()).as(check.output()).isZero();
  }

  @Test
  void should_accept_the_alert_rules_when_promtool_checks_them() {
    DebianPrometheus.assume();
    DebianPrometheus.Run check =
        DebianPrometheus.promtool("check", "rules", OpsFiles.ALERTS.toString());
    assertThat(check.exit()).as(check.output()).isZero();
    assertThat(check.output()).contains("SUCCESS: " + OpsFiles.alerts().size() + " rules found");
  }

  @Test
  void should_pass_the_alert_unit_tests_when_promtool_runs_them() {
    DebianPrometheus.assume();
    DebianPrometheus.Run test =
        DebianPrometheus.promtool("test", "rules", OpsFiles.ALERT_TESTS.toString());
    assertThat(test.exit()).as(test.output()).isZero();
  }

  @Test
  void should_unit_test_every_alert_when_reading_the_alert_tests() {
    assertThat(Set.copyOf(OpsFiles.testedAlerts()))
        .containsExactlyInAnyOrderElementsOf(
            OpsFiles.alerts().stream().map(OpsFiles.Alert::name).toList());
  }

  @Test
  void should_parse_every_dashboard_query_when_promtool_checks_them_as_recording_rules(
      @TempDir Path temp) throws IOException {
    DebianPrometheus.assume();
    // Grafana fills in its variables before a query runs; give them values Prometheus accepts.
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    List<OpsFiles.Query> queries = OpsFiles.dashboardQueries();
    for (int i = 0; i < queries.size(); i++) {
      String promql =
          queries
              .get(i)
              .promql()
              .replace("$__rate_interval", "1m")
              .replace("${__rate_interval}", "1m")
              .replace("$instance", ".*");
      rules
          .append("      - record: dashboard:query_")
          .append(i)
          .append('\n')
          .append("        expr: ")
          .append(quoted(promql))
          .append('\n');
    }
    Path file = temp.resolve("dashboard-queries.yml");
    Files.writeString(file, rules);

    DebianPrometheus.Run check = DebianPrometheus.promtool("check", "rules", file.toString());

    assertThat(check.exit()).as(check.output()).isZero();
    assertThat(check.output()).contains("SUCCESS: " + queries.size() + " rules found");
  }

  @Test
  void should_name_an_existing_runbook_and_a_summary_when_reading_each_alert() {
    assertThat(OpsFiles.alerts())
        .isNotEmpty()
        .allSatisfy(
            alert -> {
              String runbook = alert.annotations().get("runbook_url");
              assertThat(runbook).as(alert.name()).startsWith("ops/runbooks/").endsWith(".md");
              assertThat(OpsFiles.REPOSITORY.resolve(runbook)).as(alert.name()).isRegularFile();
              assertThat(alert.annotations().get("summary")).as(alert.name()).isNotBlank();
              assertThat(alert.labels()).as(alert.name()).containsKey("severity");
              assertThat(alert.labels().get("severity"))
                  .as(alert.name())
                  .isIn("critical", "warning");
            });
  }

  @Test
  void should_group_and_match_only_on_bounded_labels_when_reading_every_query() {
    Pattern label =
        Pattern.compile(
            "([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)\\s*\"|\\$labels\\.([a-zA-Z_][a-zA-Z0-9_]*)");
    Pattern grouping = Pattern.compile("\\b(?:by|without|on|ignoring)\\s*\\(([^)]*)\\)");
    StringBuilder everything = new StringBuilder();
    OpsFiles.alerts()
        .forEach(
            alert ->
                everything
                    .append(alert.expr())
                    .append('\n')
                    .append(alert.annotations())
                    .append('\n'));
    OpsFiles.dashboardQueries().forEach(query -> everything.append(query.promql()).append('\n'));
    var used =
        label
            .matcher(everything)
            .results()
            .map(match -> match.group(1) != null ? match.group(1) : match.group(2))
            .collect(Collectors.toCollection(java.util.TreeSet::new));
    grouping
        .matcher(everything)
        .results()
        .forEach(
            match -> List.of(match.group(1).split(",")).forEach(name -> used.add(name.strip())));
    used.remove("");
    assertThat(used).isSubsetOf(LABELS);
  }

  @Test
  void should_take_every_panels_datasource_from_the_import_input_when_reading_the_dashboard() {
    JsonObject dashboard = OpsFiles.dashboard();
    assertThat(dashboard.getJsonArray("__inputs").getJsonObject(0).getString("name"))
        .isEqualTo("DS_PROMETHEUS");
    assertThat(OpsFiles.panels(dashboard))
        .filteredOn(panel -> !"row".equals(panel.getString("type")))
        .isNotEmpty()
        .allSatisfy(
            panel -> {
              assertThat(panel.getJsonObject("datasource").getString("uid"))
                  .as(panel.getString("title"))
                  .isEqualTo("${DS_PROMETHEUS}");
              assertThat(panel.getJsonArray("targets")).as(panel.getString("title")).isNotEmpty();
            });
    assertThat(OpsFiles.dashboardQueries())
        .allSatisfy(
            query -> assertThat(query.promql()).as(query.where()).contains("job=\"juki-hub\""));
  }

  private static String quoted(String promql) {
    return "'" + promql.replace("'", "''").replace("\n", " ") + "'";
  }
}
