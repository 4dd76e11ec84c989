package jp.jukihub.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * The provision benchmark's load: Chiyoda asks Shibuya, for child allowance (別表第二 第74項), for a
 * person's local-tax income, each request about the next of N persons (each wrk thread starting at
 * its own place in the list). The set-up goes over the API like a body's own systems would: both
 * municipalities acquire their tokens for the N persons, each under its own unified address
 * numbers, and Shibuya registers a local-tax-income copy for each (the three batch routes), so
 * every query is lawful and answered 200 with a copy.
 */
final class ProvisionQueries {
  static final String PATH = "/v1/provision/queries";
  static final String REQUESTER = "lg-131016";
  static final String PROVIDER = "lg-131130";
  static final String AFFAIR = "x2-074-child-allowance";
  static final String ITEM = "local-tax-income";
  static final String OPERATOR = "officer-3";

  private static final String TOKENS = "/v1/provision/tokens:batch";
  private static final String COPIES = "/v1/provision/copies:batch";
  private static final int BATCH_LINES = 5_000;
  private static final int ATTEMPTS = 5;
  private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);
  private static final String PLACEHOLDER = "C-??????";

  private static final String SCRIPT =
      """
      -- ./hub bench provision: provision queries (written by ProvisionQueries; args: thread count,
      -- address file). One of the requester's unified address numbers a line, all as long as the
      -- placeholder; each request names the next person, each thread starting at its own place.
      wrk.method = "POST"
      wrk.headers["Content-Type"] = "application/json"
      wrk.headers["X-Jukihub-Body"] = "%1$s"
      wrk.headers["X-Jukihub-Operator"] = "%2$s"

      local requests = {}
      local i = 0

      function init(args)
        local template = wrk.format(nil, nil, nil, '%3$s')
        local at = string.find(template, "%4$s", 1, true)
        local prefix = string.sub(template, 1, at - 1)
        local suffix = string.sub(template, at + %5$d)
        for address in io.lines(args[2]) do requests[#requests + 1] = prefix .. address .. suffix end
        i = math.floor(id * #requests / tonumber(args[1]))
      end

      function request()
        i = i %% #requests + 1
        return requests[i]
      end
      """;

  private final List<String> myNumbers;
  private final WrkLoad wrk;
  private final Path addresses;

  private ProvisionQueries(List<String> myNumbers, WrkLoad wrk, Path addresses) {
    this.myNumbers = List.copyOf(myNumbers);
    this.wrk = wrk;
    this.addresses = addresses;
  }

  /**
   * Queries about the persons who hold {@code myNumbers} (at most 999,999), the script and address
   * list written into {@code directory}.
   */
  static ProvisionQueries prepare(
      List<String> myNumbers, Path directory, int threads, int connections) throws IOException {
    if (myNumbers.isEmpty() || myNumbers.size() > 999_999) {
      throw new IllegalArgumentException("1 to 999,999 persons, got " + myNumbers.size());
    }
    WrkLoad wrk =
        WrkLoad.write(
            directory.resolve("provision.lua"),
            String.format(
                SCRIPT, REQUESTER, OPERATOR, body(PLACEHOLDER), PLACEHOLDER, PLACEHOLDER.length()),
            PATH,
            threads,
            connections);
    Path addresses =
        Files.write(
            directory.resolve("addresses.txt"),
            IntStream.range(0, myNumbers.size())
                .mapToObj(ProvisionQueries::requesterAddress)
                .toList());
    return new ProvisionQueries(myNumbers, wrk, addresses);
  }

  int persons() {
    return myNumbers.size();
  }

  /** A query's body; its length does not depend on the person. */
  static String body(String requesterAddress) {
    return new JsonObject()
        .put("affair", AFFAIR)
        .put("item", ITEM)
        .put("provider", PROVIDER)
        .put("unifiedAddressNumber", requesterAddress)
        .encode();
  }

  /** Chiyoda's unified address number for person {@code i}: as long as the placeholder. */
  static String requesterAddress(int i) {
    return String.format("C-%06d", i);
  }

  static String providerAddress(int i) {
    return String.format("S-%06d", i);
  }

  /** Shibuya's copy for person {@code i}: incomes vary, so answers differ by person. */
  static JsonObject copy(int i) {
    long income = 2_000_000 + (i * 7_919L) % 8_000_000;
    return new JsonObject()
        .put("fiscalYear", 2025)
        .put("taxableIncome", income)
        .put("municipalTax", income * 6 / 100)
        .put("prefecturalTax", income * 4 / 100)
        .put("incomeCategory", "01")
        .put("taxStatus", "1");
  }

  /**
   * Both municipalities acquire their tokens for every person, then Shibuya registers its copies;
   * fails on the first line not answered 200.
   */
  void setUp(int port) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    batch(
        http,
        port,
        REQUESTER,
        TOKENS,
        i ->
            new JsonObject()
                .put("acquisitionNumber", String.format("A-%06d", i))
                .put("myNumber", myNumbers.get(i))
                .put("unifiedAddressNumber", requesterAddress(i)));
    batch(
        http,
        port,
        PROVIDER,
        TOKENS,
        i ->
            new JsonObject()
                .put("acquisitionNumber", String.format("B-%06d", i))
                .put("myNumber", myNumbers.get(i))
                .put("unifiedAddressNumber", providerAddress(i)));
    batch(
        http,
        port,
        PROVIDER,
        COPIES,
        i ->
            new JsonObject()
                .put("item", ITEM)
                .put("unifiedAddressNumber", providerAddress(i))
                .put("data", copy(i)));
  }

  /**
   * One query about the last person, which must be answered 200 with Shibuya's copy; its answer's
   * length.
   */
  int check(int port) throws Exception {
    int last = myNumbers.size() - 1;
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                request(port, REQUESTER, PATH, "application/json", body(requesterAddress(last))),
                HttpResponse.BodyHandlers.ofString());
    JsonObject data =
        answer.statusCode() == 200 ? new JsonObject(answer.body()).getJsonObject("data") : null;
    if (data == null
        || !copy(last).getLong("taxableIncome").equals(data.getLong("taxableIncome"))) {
      throw new IllegalStateException(
          "the hub answered a provision query with " + answer.statusCode() + ": " + answer.body());
    }
    return answer.body().length();
  }

  String describeWrk() {
    return wrk.describe();
  }

  WrkLoad.Result run(int port, Duration duration) throws IOException, InterruptedException {
    return wrk.run(port, duration, List.of(addresses.toString()));
  }

  /**
   * Sends {@code line} for every person as NDJSON batches of at most {@value #BATCH_LINES}; lines
   * answered 503 (the hub sheds what its pools cannot take within their wait) are sent again, as a
   * body's system would, up to {@value #ATTEMPTS} times. Any other refusal fails the set-up.
   */
  private void batch(
      HttpClient http, int port, String body, String path, IntFunction<JsonObject> line)
      throws Exception {
    for (int from = 0; from < myNumbers.size(); from += BATCH_LINES) {
      List<Integer> due =
          IntStream.range(from, Math.min(myNumbers.size(), from + BATCH_LINES)).boxed().toList();
      for (int attempt = 1; !due.isEmpty(); attempt++) {
        if (attempt > 1) {
          Thread.sleep(RETRY_PAUSE.toMillis());
        }
        due = send(http, port, body, path, line, due, attempt == ATTEMPTS);
      }
    }
  }

  /** One batch of the persons {@code due}; those whose lines were answered 503. */
  private List<Integer> send(
      HttpClient http,
      int port,
      String body,
      String path,
      IntFunction<JsonObject> line,
      List<Integer> due,
      boolean last)
      throws Exception {
    StringBuilder lines = new StringBuilder();
    for (int i : due) {
      lines.append(line.apply(i).encode()).append('\n');
    }
    HttpResponse<String> answer =
        http.send(
            request(port, body, path, "application/x-ndjson", lines.toString()),
            HttpResponse.BodyHandlers.ofString());
    List<Integer> shed = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    long answered = 0;
    for (String text : answer.body().split("\n")) {
      if (text.isBlank()) {
        continue;
      }
      answered++;
      JsonObject json = new JsonObject(text);
      int status = json.getInteger("status", 0);
      if (status == 503 && !last) {
        shed.add(due.get(json.getInteger("line") - 1));
      } else if (status != 200 && refused.size() < 3) {
        refused.add(text);
      }
    }
    if (answer.statusCode() != 200 || answered != due.size() || !refused.isEmpty()) {
      throw new IllegalStateException(
          String.format(
              "set-up: %s as %s answered %d with %d of %d lines; first refusals: %s",
              path, body, answer.statusCode(), answered, due.size(), refused));
    }
    return shed;
  }

  private static HttpRequest request(
      int port, String body, String path, String contentType, String content) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", contentType)
        .header("X-Jukihub-Body", body)
        .header("X-Jukihub-Operator", OPERATOR)
        .timeout(Duration.ofMinutes(5))
        .POST(HttpRequest.BodyPublishers.ofString(content))
        .build();
  }
}
