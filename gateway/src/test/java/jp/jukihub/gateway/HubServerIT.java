package jp.jukihub.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.gateway.config.ConfigException;
import jp.jukihub.gateway.config.HubConfigLoader;
import jp.jukihub.gateway.config.HubOptions;
import jp.jukihub.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hub as its callers see it: real HTTP on free ports, a real PostgreSQL behind it. */
class HubServerIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir static Path data;
  private static HubServer hub;

  @BeforeAll
  static void start() {
    hub = HubServer.start(testOptions(), TestDatabases.fresh(), true);
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  static HubOptions testOptions() {
    return HubConfigLoader.load(null, Map.of("JUKIHUB_DATA_DIR", data.toString()))
        .withFreeLoopbackPorts();
  }

  @Test
  void should_describe_the_caller_when_dev_identity_names_a_registered_body() throws Exception {
    HttpResponse<String> response = api("GET", "/v1/bodies/me", as("lg-131016"));
    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject body = new JsonObject(response.body());
    assertThat(body.getString("kind")).isEqualTo("municipality");
    assertThat(body.getString("zone")).isEqualTo("municipality");
    assertThat(body.getString("lgCode")).isEqualTo("131016");
  }

  @Test
  void should_answer_401_problem_json_when_the_body_is_unknown_or_missing() throws Exception {
    for (Map<String, String> headers : new Map[] {Map.of(), Map.of("X-Jukihub-Body", "nobody")}) {
      HttpResponse<String> response = api("GET", "/v1/bodies/me", headers);
      assertProblem(response, 401, "UNAUTHENTICATED");
    }
  }

  @Test
  void should_echo_a_sane_request_id_and_replace_one_that_could_forge_log_lines() throws Exception {
    HttpResponse<String> kept =
        api(
            "GET",
            "/v1/bodies/me",
            Map.of(
                "X-Jukihub-Body",
                "jps",
                "X-Jukihub-Operator",
                "it-1",
                "X-Request-Id",
                "batch-7.42"));
    assertThat(kept.headers().firstValue("X-Request-Id")).hasValue("batch-7.42");
    String forged = "x".repeat(65);
    HttpResponse<String> replaced =
        api(
            "GET",
            "/v1/bodies/me",
            Map.of("X-Jukihub-Body", "jps", "X-Jukihub-Operator", "it-1", "X-Request-Id", forged));
    assertThat(replaced.headers().firstValue("X-Request-Id"))
        .hasValueSatisfying(id -> assertThat(id).matches("[0-9a-f]{32}"));
    HttpResponse<String> failed = api("GET", "/v1/bodies/me", Map.of("X-Request-Id", "r-1"));
    assertThat(new JsonObject(failed.body()).getString("requestId")).isEqualTo("r-1");
  }

  @Test
  void should_answer_404_and_405_as_problem_json_when_the_route_or_method_is_wrong()
      throws Exception {
    // Inside what the firewall lets through: a path no route serves, a method the route does not
    // take.
    assertProblem(api("GET", "/v1/bodies/no-such-thing", as("jps")), 404, "NOT_FOUND");
    assertProblem(api("DELETE", "/v1/bodies/me", as("jps")), 405, "METHOD_NOT_ALLOWED");
  }

  @Test
  void should_report_live_and_ready_when_the_database_answers() throws Exception {
    assertThat(ops("/health/live").statusCode()).isEqualTo(200);
    HttpResponse<String> ready = ops("/health/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(ready.body()).getString("status")).isEqualTo("UP");
  }

  @Test
  void should_report_not_ready_and_name_the_database_and_audit_writer_when_unreachable()
      throws Exception {
    DatabaseTarget nowhere =
        new DatabaseTarget("127.0.0.1", freePort(), "postgres", "postgres", null);
    try (HubServer broken = HubServer.start(testOptions(), nowhere, true)) {
      HttpResponse<String> ready =
          get("http://127.0.0.1:" + broken.opsPort() + "/health/ready", Map.of());
      assertThat(ready.statusCode()).isEqualTo(503);
      JsonObject body = new JsonObject(ready.body());
      assertThat(body.getString("status")).isEqualTo("DOWN");
      Map<String, String> checks = new java.util.LinkedHashMap<>();
      body.getJsonArray("checks")
          .forEach(
              check -> {
                JsonObject c = (JsonObject) check;
                checks.put(c.getString("name"), c.getString("status"));
              });
      assertThat(checks)
          .containsExactly(
              Map.entry("database", "DOWN"),
              Map.entry("tier-servers", "UP"),
              Map.entry("audit-writer", "DOWN"),
              Map.entry("body-registry", "UP"),
              Map.entry("rule-files", "UP"),
              Map.entry("exchange-table", "UP"));
    }
  }

  @Test
  void should_export_request_timers_with_bounded_tags_when_scraped() throws Exception {
    api("GET", "/v1/bodies/me", as("nta"));
    api("GET", "/v1/bodies/372967742338", as("nta"));
    String metrics = ops("/metrics").body();
    assertThat(metrics)
        .contains("hub_requests_seconds_count{instance=")
        .containsPattern(
            "hub_requests_seconds_count\\{[^}]*outcome=\"success\"[^}]*route=\"bodies.me\"[^}]*service=\"bodies\"")
        .containsPattern("hub_requests_seconds_count\\{[^}]*route=\"unmatched\"")
        .contains("jvm_memory_used_bytes")
        .contains("vertx_http_server_requests_total")
        .doesNotContain("372967742338");
  }

  @Test
  @SuppressWarnings("unchecked")
  void should_serve_an_openapi_description_that_names_exactly_the_routes_served() throws Exception {
    HttpResponse<String> response =
        get("http://127.0.0.1:" + hub.apiPort() + "/openapi.yaml", Map.of());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/yaml");
    Map<String, Object> description =
        new org.yaml.snakeyaml.Yaml(
                new org.yaml.snakeyaml.constructor.SafeConstructor(
                    new org.yaml.snakeyaml.LoaderOptions()))
            .load(response.body());
    assertThat(description.get("openapi")).isEqualTo("3.1.0");
    java.util.Set<String> documented = new java.util.TreeSet<>();
    ((Map<String, Map<String, Object>>) description.get("paths"))
        .forEach(
            (path, operations) ->
                operations
                    .keySet()
                    .forEach(
                        method ->
                            documented.add(
                                method.toUpperCase(java.util.Locale.ROOT) + " " + path)));
    assertThat(documented).containsExactlyInAnyOrderElementsOf(hub.apiRoutes());
    Map<String, Object> problem =
        (Map<String, Object>)
            ((Map<String, Object>)
                    ((Map<String, Object>) description.get("components")).get("schemas"))
                .get("Problem");
    List<String> codes =
        (List<String>)
            ((Map<String, Object>) ((Map<String, Object>) problem.get("properties")).get("code"))
                .get("enum");
    assertThat(codes)
        .as("the documented problem codes are the hub's")
        .containsExactlyInAnyOrderElementsOf(
            java.util.Arrays.stream(jp.jukihub.error.ErrorCode.values()).map(Enum::name).toList());
  }

  @Test
  void should_answer_400_naming_the_header_when_the_operator_is_missing_or_malformed()
      throws Exception {
    HttpResponse<String> missing = api("GET", "/v1/bodies/me", Map.of("X-Jukihub-Body", "jps"));
    assertProblem(missing, 400, "INVALID_REQUEST");
    assertThat(new JsonObject(missing.body()).getString("detail"))
        .contains("X-Jukihub-Operator is required");
    HttpResponse<String> malformed =
        api("GET", "/v1/bodies/me", Map.of("X-Jukihub-Body", "jps", "X-Jukihub-Operator", "a b"));
    assertProblem(malformed, 400, "INVALID_REQUEST");
  }

  @Test
  void should_refuse_to_start_with_dev_identity_when_listening_beyond_loopback() {
    HubOptions exposed =
        testOptions()
            .withListeners(
                new HubOptions.Listener("0.0.0.0", 0), new HubOptions.Listener("127.0.0.1", 0));
    assertThatThrownBy(() -> HubServer.start(exposed, TestDatabases.fresh(), true))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("loopback");
  }

  @Test
  void should_refuse_to_start_with_dev_identity_when_the_listen_host_is_a_name() {
    HubOptions named =
        testOptions()
            .withListeners(
                new HubOptions.Listener("localhost", 0), new HubOptions.Listener("127.0.0.1", 0));
    assertThatThrownBy(() -> HubServer.start(named, TestDatabases.fresh(), true))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("loopback by address");
  }

  @Test
  void should_refuse_to_start_with_dev_identity_when_a_database_url_is_configured() {
    HubOptions external =
        HubConfigLoader.load(
                null,
                Map.of(
                    "JUKIHUB_DATA_DIR",
                    data.toString(),
                    "JUKIHUB_PG_URL",
                    "postgresql://hub:secret@db.example:5432/register"))
            .withFreeLoopbackPorts();
    assertThatThrownBy(() -> HubServer.start(external, TestDatabases.fresh(), true))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("embedded demo database");
  }

  @Test
  void should_answer_401_in_dev_identity_when_the_host_header_is_not_loopback() throws Exception {
    for (String host :
        new String[] {
          "evil.example:" + hub.apiPort(), "10.0.0.1", "localhost:1", "jukihub.local"
        }) {
      String answer = raw(host);
      assertThat(answer).as(host).startsWith("HTTP/1.1 401");
      assertThat(answer).contains("application/problem+json").contains("Host header");
    }
    for (String host :
        new String[] {
          "localhost:" + hub.apiPort(), "127.0.0.1:" + hub.apiPort(), "LOCALHOST:" + hub.apiPort()
        }) {
      assertThat(raw(host)).as(host).startsWith("HTTP/1.1 200");
    }
  }

  @Test
  void should_refuse_an_operator_and_replace_a_request_id_holding_a_personal_number_shape()
      throws Exception {
    for (String operator :
        new String[] {
          "123456789012", "clerk-1234-5678-9012", "a.12345.678901", "x_1234_5678_901"
        }) {
      HttpResponse<String> refused =
          api(
              "GET",
              "/v1/bodies/me",
              Map.of("X-Jukihub-Body", "jps", "X-Jukihub-Operator", operator));
      assertProblem(refused, 400, "INVALID_REQUEST");
      assertThat(refused.body()).doesNotContain(operator);
    }
    assertThat(
            api(
                    "GET",
                    "/v1/bodies/me",
                    Map.of("X-Jukihub-Body", "jps", "X-Jukihub-Operator", "clerk-2024-07"))
                .statusCode())
        .isEqualTo(200);
    for (String id : new String[] {"r-1234-5678-9012", "r.12345.678901", "9876_5432_101"}) {
      HttpResponse<String> replaced =
          api(
              "GET",
              "/v1/bodies/me",
              Map.of("X-Jukihub-Body", "jps", "X-Jukihub-Operator", "it-1", "X-Request-Id", id));
      assertThat(replaced.headers().firstValue("X-Request-Id"))
          .as(id)
          .hasValueSatisfying(echoed -> assertThat(echoed).matches("[0-9a-f]{32}"));
    }
  }

  /** One request over a plain socket, with a Host header HttpClient would not let a test set. */
  private static String raw(String host) throws IOException {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", hub.apiPort())) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("GET /v1/bodies/me HTTP/1.1\r\nHost: "
                      + host
                      + "\r\nX-Jukihub-Body: jps\r\nX-Jukihub-Operator: it-1\r\n"
                      + "Connection: close\r\n\r\n")
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      return new String(
          socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private static void assertProblem(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonObject problem = new JsonObject(response.body());
    assertThat(problem.getString("code")).isEqualTo(code);
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("type")).startsWith("urn:jukihub:problem:");
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(problem.getString("detail")).isNotBlank();
  }

  /** A registered body's request headers in development identity, with its operator. */
  private static Map<String, String> as(String body) {
    return Map.of("X-Jukihub-Body", body, "X-Jukihub-Operator", "it-1");
  }

  private static HttpResponse<String> api(String method, String path, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.apiPort() + path))
            .method(method, HttpRequest.BodyPublishers.noBody());
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> ops(String path) throws Exception {
    return get("http://127.0.0.1:" + hub.opsPort() + path, Map.of());
  }

  private static HttpResponse<String> get(String url, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
