package jp.jukihub.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.gateway.HubServer;
import jp.jukihub.gateway.config.HubConfigLoader;
import jp.jukihub.gateway.config.HubOptions;
import jp.jukihub.gateway.config.LimitOptions.ClientOptions;
import jp.jukihub.gateway.testing.LogCapture;
import jp.jukihub.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Requests no well-behaved client sends, over real sockets to a real hub: each answered as the
 * client's mistake, problem+json with a stable code, never a 500, never repeating what was sent,
 * never logged as an internal error; and a bounded fuzz of every route holding the same promises.
 */
class MalformedRequestsIT {
  /**
   * A valid My Number nobody holds: planted in names, paths and headers, it must never come back.
   */
  static final String PLANTED = "123456789018";

  static final int BODY_MILLIS = 1_500;
  static final int WAIT_MILLIS = 10_000;
  static final int FUZZ_REQUESTS = 1_200;
  static final Set<String> CODES =
      Arrays.stream(ErrorCode.values()).map(Enum::name).collect(Collectors.toSet());

  @TempDir static Path data;
  static HubServer hub;

  @BeforeAll
  static void start() {
    HubOptions base =
        HubConfigLoader.load(
                null, Map.of("JUKIHUB_DATA_DIR", data.toString(), "JUKIHUB_INSTANCE", "malformed"))
            .withFreeLoopbackPorts();
    HubOptions options =
        base.withLimits(
            base.limits()
                .withClients(
                    2, new ClientOptions(60, 5_000, BODY_MILLIS, 300, 16_384, 1_000, 10_000)));
    hub = HubServer.start(options, TestDatabases.fresh(), true);
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  private static String head(String requestLine, String... headers) {
    StringBuilder request = new StringBuilder(requestLine).append("\r\n");
    for (String header : headers) {
      request.append(header).append("\r\n");
    }
    return request.append("Connection: close\r\n\r\n").toString();
  }

  private static String caller(String body) {
    return "X-Jukihub-Body: " + body + "\r\nX-Jukihub-Operator: op-1";
  }

  private static String host() {
    return "Host: 127.0.0.1:" + hub.apiPort();
  }

  private static String lookup(String contentType, String body) {
    return head(
            "POST /v1/identity/lookup HTTP/1.1",
            host(),
            caller("jps"),
            contentType == null ? "X-None: 1" : "Content-Type: " + contentType,
            "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length)
        + body;
  }

  private static final String LOOKUP =
      "{\"affair\":\"t1-national-tax\",\"myNumber\":\"" + PLANTED + "\"}";

  /** Each case the fuzzer of issue 19 found, by name. */
  static String request(String name) {
    return switch (name) {
      case "no Host" -> head("GET /v1/bodies/me HTTP/1.1", caller("jps"));
      case "unreadable Host" -> head("GET /v1/bodies/me HTTP/1.1", "Host: [::zz", caller("jps"));
      case "broken escape" -> head("GET /v1/bodies/%zz HTTP/1.1", host(), caller("jps"));
      case "trailing percent" -> head("GET /v1/bodies/me% HTTP/1.1", host(), caller("jps"));
      case "broken escape in query" ->
          head("GET /v1/audit/records?from=%z1 HTTP/1.1", host(), caller("auditor"));
      case "Expect bogus" ->
          lookup("application/json", LOOKUP)
              .replace("Connection: close", "Expect: bogus\r\nConnection: close");
      case "multipart on JSON" -> lookup("multipart/form-data; boundary=x", LOOKUP);
      case "form on JSON" -> lookup("application/x-www-form-urlencoded", "a=1&b=" + PLANTED);
      case "JSON in Latin-1" -> lookup("application/json; charset=iso-8859-1", LOOKUP);
      case "body over the limit" ->
          lookup("application/json", "{\"x\":\"" + "a".repeat(2_000_000) + "\"}");
      case "headers too large" ->
          head("GET /v1/bodies/me HTTP/1.1", host(), caller("jps"), "X-Big: " + "a".repeat(20_000));
      case "URI too long" -> head("GET /v1/bodies/" + "a".repeat(10_000) + " HTTP/1.1", host());
      case "broken chunk size" ->
          head(
                  "POST /v1/identity/lookup HTTP/1.1",
                  host(),
                  caller("jps"),
                  "Content-Type: application/json",
                  "Transfer-Encoding: chunked")
              + "zz\r\nabc\r\n0\r\n\r\n";
      case "HTTP/2.0 request line" -> head("GET /v1/bodies/me HTTP/2.0", host(), caller("jps"));
      case "HTTP/1.7 request line" -> head("GET /v1/bodies/me HTTP/1.7", host(), caller("jps"));
      case "not HTTP" -> "HELLO " + PLANTED + "\r\n\r\n";
      case "unknown field named like a number" ->
          lookup("application/json", "{\"affair\":\"x\",\"" + PLANTED + "\":1}");
      case "unknown query parameter named like a number" ->
          head("GET /v1/audit/records?" + PLANTED + "=1 HTTP/1.1", host(), caller("auditor"));
      case "instant out of range" ->
          head(
              "GET /v1/audit/records?from=%2B999999999-12-31T23:59:59Z HTTP/1.1",
              host(), caller("auditor"));
      case "instant past 2262" ->
          head("GET /v1/audit/records?to=4052-11-01T00:00:00Z HTTP/1.1", host(), caller("auditor"));
      case "body shorter than its length" ->
          head(
                  "POST /v1/identity/lookup HTTP/1.1",
                  host(),
                  caller("jps"),
                  "Content-Type: application/json",
                  "Content-Length: 100")
              + "{\"a\":1}";
      default -> throw new IllegalArgumentException(name);
    };
  }

  @ParameterizedTest(name = "{0}: {1} {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          no Host                                     | 400 | INVALID_REQUEST
          unreadable Host                             | 400 | INVALID_REQUEST
          broken escape                               | 400 | INVALID_REQUEST
          trailing percent                            | 400 | INVALID_REQUEST
          broken escape in query                      | 400 | INVALID_REQUEST
          Expect bogus                                | 417 | EXPECTATION_FAILED
          multipart on JSON                           | 415 | UNSUPPORTED_MEDIA_TYPE
          form on JSON                                | 415 | UNSUPPORTED_MEDIA_TYPE
          JSON in Latin-1                             | 415 | UNSUPPORTED_MEDIA_TYPE
          body over the limit                         | 413 | PAYLOAD_TOO_LARGE
          headers too large                           | 431 | HEADERS_TOO_LARGE
          URI too long                                | 414 | URI_TOO_LONG
          broken chunk size                           | 400 | INVALID_REQUEST
          HTTP/2.0 request line                       | 400 | UNSUPPORTED_HTTP_VERSION
          HTTP/1.7 request line                       | 400 | UNSUPPORTED_HTTP_VERSION
          not HTTP                                    | 400 | INVALID_REQUEST
          unknown field named like a number           | 400 | INVALID_REQUEST
          unknown query parameter named like a number | 400 | INVALID_REQUEST
          instant out of range                        | 400 | INVALID_REQUEST
          instant past 2262                           | 400 | INVALID_REQUEST
          body shorter than its length                | 408 | REQUEST_TIMEOUT
          """)
  void should_answer_a_malformed_request_as_the_clients_mistake_in_problem_json(
      String name, int status, String code) throws Exception {
    int mark = LogCapture.mark();

    RawExchange exchange = RawExchange.send(hub.apiPort(), request(name), WAIT_MILLIS);

    assertThat(exchange.hung()).as("answered and closed").isFalse();
    assertThat(exchange.statusLine()).startsWith("HTTP/1.").contains(" " + status + " ");
    assertThat(exchange.problem())
        .as("problem+json: %s", exchange.answer())
        .hasValueSatisfying(
            problem -> {
              assertThat(problem.getString("code")).isEqualTo(code);
              assertThat(problem.getInteger("status")).isEqualTo(status);
            });
    assertThat(exchange.answer()).doesNotContain(PLANTED).doesNotContain("HTTP/2.0 ");
    assertThat(errorsSince(mark)).as("nothing logged as the hub's error").isEmpty();
    if (name.equals("body shorter than its length")) {
      assertThat(exchange.millis()).isBetween(BODY_MILLIS * 9L / 10, BODY_MILLIS + 5_000L);
    }
  }

  @Test
  void should_keep_its_promises_under_a_bounded_fuzz_of_every_route() throws Exception {
    int mark = LogCapture.mark();
    List<String> routes = hub.apiRoutes();
    Random random = new Random(19);
    List<String> broken = new ArrayList<>();
    Map<Integer, Integer> statuses = new java.util.TreeMap<>();
    for (int i = 0; i < FUZZ_REQUESTS; i++) {
      byte[] request = RequestFuzzer.request(random, routes, hub.apiPort(), PLANTED);
      RawExchange exchange = RawExchange.send(hub.apiPort(), request, WAIT_MILLIS);
      int status = exchange.status();
      statuses.merge(status, 1, Integer::sum);
      String why = promiseBroken(exchange);
      if (why != null && broken.size() < 20) {
        broken.add(
            why
                + " <- "
                + new String(
                    request, 0, Math.min(request.length, 300), StandardCharsets.ISO_8859_1));
      }
    }
    System.out.printf(
        "fuzz: %d requests over %d routes, by status %s%n", FUZZ_REQUESTS, routes.size(), statuses);

    assertThat(broken).as("requests whose answers broke a promise").isEmpty();
    assertThat(errorsSince(mark)).as("nothing logged as the hub's error").isEmpty();
    RawExchange after =
        RawExchange.send(
            hub.apiPort(), head("GET /v1/bodies/me HTTP/1.1", host(), caller("jps")), WAIT_MILLIS);
    assertThat(after.status()).as("still serving").isEqualTo(200);
  }

  /** Why an answer breaks the hub's promises, or null. */
  private static String promiseBroken(RawExchange exchange) {
    if (exchange.hung()) {
      return "no answer and no close";
    }
    int status = exchange.status();
    if (status < 0) {
      return exchange.answer().isEmpty()
          ? "closed without an answer"
          : "not HTTP: " + exchange.statusLine();
    }
    if (status >= 500 && status != 503) {
      return "status " + status;
    }
    if (exchange.answer().contains(PLANTED)) {
      return "the planted number came back";
    }
    if (status >= 400) {
      JsonObject problem = exchange.problem().orElse(null);
      if (problem == null) {
        return "status " + status + " without problem+json";
      }
      if (!CODES.contains(problem.getString("code")) || problem.getInteger("status") != status) {
        return "problem without a stable code or with another status: " + problem.encode();
      }
    }
    return null;
  }

  private static List<String> errorsSince(int mark) {
    return LogCapture.since(mark).stream()
        .filter(event -> event.getLevel().isGreaterOrEqual(Level.ERROR))
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }
}
