package jp.jukihub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * The ops module's files, read as the tests need them. Maven runs the tests in the module's
 * directory, so the files are found relative to it; the runbooks' paths are relative to the
 * repository root, its parent.
 */
final class OpsFiles {
  static final Path MODULE = Path.of("").toAbsolutePath();
  static final Path REPOSITORY = MODULE.getParent();
  static final Path PROMETHEUS_CONFIG = MODULE.resolve("prometheus/prometheus.yml");
  static final Path ALERTS = MODULE.resolve("prometheus/alerts.yml");
  static final Path ALERT_TESTS = MODULE.resolve("prometheus/alerts-test.yml");
  static final Path DASHBOARD = MODULE.resolve("grafana/juki-hub.json");
  static final Path SCRIPTS = MODULE.resolve("scripts");

  /** Grafana's label_values(METRIC_SELECTOR, LABEL): only the selector is PromQL. */
  private static final Pattern LABEL_VALUES =
      Pattern.compile("^\\s*label_values\\((.*),\\s*[a-zA-Z_][a-zA-Z0-9_]*\\s*\\)\\s*$");

  private OpsFiles() {}

  /** One alerting rule as alerts.yml declares it. */
  record Alert(
      String name, String expr, Map<String, String> labels, Map<String, String> annotations) {}

  /** One query of the dashboard: where it is (panel title or variable name) and its PromQL. */
  record Query(String where, String promql) {}

  static String read(Path file) {
    assertThat(file).as("run from the ops module's directory").exists();
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static List<Alert> alerts() {
    Map<String, Object> root = new Yaml().load(read(ALERTS));
    List<Alert> alerts = new ArrayList<>();
    for (Map<String, Object> group : (List<Map<String, Object>>) root.get("groups")) {
      for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
        if (rule.containsKey("alert")) {
          alerts.add(
              new Alert(
                  String.valueOf(rule.get("alert")),
                  String.valueOf(rule.get("expr")),
                  (Map<String, String>) rule.getOrDefault("labels", Map.of()),
                  (Map<String, String>) rule.getOrDefault("annotations", Map.of())));
        }
      }
    }
    return alerts;
  }

  /** Names of the alerts that alerts-test.yml tests. */
  @SuppressWarnings("unchecked")
  static List<String> testedAlerts() {
    Map<String, Object> root = new Yaml().load(read(ALERT_TESTS));
    List<String> names = new ArrayList<>();
    for (Map<String, Object> test : (List<Map<String, Object>>) root.get("tests")) {
      for (Map<String, Object> alertTest :
          (List<Map<String, Object>>) test.getOrDefault("alert_rule_test", List.of())) {
        names.add(String.valueOf(alertTest.get("alertname")));
      }
    }
    return names;
  }

  static JsonObject dashboard() {
    return new JsonObject(read(DASHBOARD));
  }

  /**
   * Every PromQL query of the dashboard: each panel target's expr and each query variable's query.
   */
  static List<Query> dashboardQueries() {
    JsonObject dashboard = dashboard();
    List<Query> queries = new ArrayList<>();
    for (JsonObject panel : panels(dashboard)) {
      for (JsonObject target : objects(panel.getJsonArray("targets", new JsonArray()))) {
        queries.add(new Query(panel.getString("title"), target.getString("expr")));
      }
    }
    for (JsonObject variable :
        objects(dashboard.getJsonObject("templating").getJsonArray("list"))) {
      if ("query".equals(variable.getString("type"))) {
        Object query = variable.getValue("query");
        String text =
            query instanceof JsonObject object ? object.getString("query") : String.valueOf(query);
        Matcher labelValues = LABEL_VALUES.matcher(text);
        queries.add(
            new Query(
                "variable " + variable.getString("name"),
                labelValues.matches() ? labelValues.group(1) : text));
      }
    }
    return queries;
  }

  /** The dashboard's panels, those inside collapsed rows included. */
  static List<JsonObject> panels(JsonObject dashboard) {
    List<JsonObject> panels = new ArrayList<>();
    for (JsonObject panel : objects(dashboard.getJsonArray("panels"))) {
      panels.add(panel);
      panels.addAll(objects(panel.getJsonArray("panels", new JsonArray())));
    }
    return panels;
  }

  private static List<JsonObject> objects(JsonArray array) {
    List<JsonObject> objects = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      objects.add(array.getJsonObject(i));
    }
    return objects;
  }
}
