package jp.jukihub.gateway.testing;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.testing.Eventually;
import jp.jukihub.testing.TestDatabases;

/**
 * Load for a fault test, in an open model: identity lookups by a national body (for known My
 * Numbers, in turn) and births registered in Chiyoda, each started on schedule whatever the hub is
 * doing, each with its own request id (also the write's idempotency key), each answer kept with its
 * time. At most {@code MAX_IN_FLIGHT} requests wait at once; a request due while that many wait is
 * counted as {@link #skipped()}, not sent, so a hub that stalls cannot make the test client grow
 * without bound. A request gets no answer within {@link #CLIENT_TIMEOUT}: a hang, recorded with
 * status {@code -1}.
 */
public final class FaultLoad implements AutoCloseable {
  public static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(10);
  private static final int MAX_IN_FLIGHT = 256;
  private static final String CHIYODA = "/v1/municipalities/131016/residents";

  /**
   * One request and what came back: {@code status} -1 when none came (then {@code code} names the
   * client's exception); {@code code} the problem's code; {@code residentCode} a birth's.
   */
  public record Answer(
      String kind,
      String requestId,
      long startNanos,
      long endNanos,
      int status,
      String code,
      String residentCode) {
    public double millis() {
      return (endNanos - startNanos) / 1e6;
    }

    public boolean ok() {
      return status == 200 || status == 201;
    }
  }

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private final ScheduledExecutorService schedule = Executors.newScheduledThreadPool(1);
  private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
  private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final int port;
  private final String prefix;
  private final List<String> myNumbers;

  private FaultLoad(int port, String prefix, List<String> myNumbers) {
    this.port = port;
    this.prefix = prefix;
    this.myNumbers = List.copyOf(myNumbers);
  }

  /**
   * Starts {@code lookupsPerSecond} lookups of {@code myNumbers} and {@code birthsPerSecond} births
   * against the API on {@code port}; request ids start with {@code prefix}.
   */
  public static FaultLoad start(
      int port, String prefix, List<String> myNumbers, int lookupsPerSecond, int birthsPerSecond) {
    FaultLoad load = new FaultLoad(port, prefix, myNumbers);
    if (lookupsPerSecond > 0) {
      load.schedule.scheduleAtFixedRate(
          load::lookup, 0, 1_000_000_000L / lookupsPerSecond, TimeUnit.NANOSECONDS);
    }
    if (birthsPerSecond > 0) {
      load.schedule.scheduleAtFixedRate(
          load::birth, 0, 1_000_000_000L / birthsPerSecond, TimeUnit.NANOSECONDS);
    }
    return load;
  }

  /**
   * Registers {@code count} births through the API on {@code port} and returns their My Numbers
   * once the national tier of {@code database} holds them: residents for a fault test to look up.
   */
  public static List<String> residents(int port, DatabaseTarget database, int count)
      throws Exception {
    try (FaultLoad births = start(port, "seed", List.of(), 0, 20)) {
      Eventually.until(
          Duration.ofSeconds(30),
          count + " residents born",
          () -> births.count(Answer::ok) >= count);
    }
    Eventually.until(
        Duration.ofSeconds(30),
        "the residents reach the national tier",
        () -> TestDatabases.scalarInt(database, "SELECT count(*) FROM national.identity") >= count);
    List<String> myNumbers = new ArrayList<>();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement select =
            connection.prepareStatement("SELECT my_number FROM national.identity");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        myNumbers.add(rows.getString(1));
      }
    }
    return myNumbers;
  }

  /** Every answer so far. */
  public List<Answer> answers() {
    return new ArrayList<>(answers);
  }

  /** How many answers so far satisfy {@code which}. */
  public long count(Predicate<Answer> which) {
    return answers.stream().filter(which).count();
  }

  /** Requests not sent because {@code MAX_IN_FLIGHT} were waiting. */
  public long skipped() {
    return skipped.get();
  }

  /** Stops starting requests, and waits for those in flight to end (each ends by its timeout). */
  @Override
  public void close() throws InterruptedException {
    schedule.shutdownNow();
    schedule.awaitTermination(5, TimeUnit.SECONDS);
    if (!inFlight.tryAcquire(MAX_IN_FLIGHT, CLIENT_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS)) {
      throw new IllegalStateException("requests still in flight past the client's timeout");
    }
    inFlight.release(MAX_IN_FLIGHT);
  }

  private void lookup() {
    long n = sent.incrementAndGet();
    String myNumber = myNumbers.get((int) (n % myNumbers.size()));
    send(
        "lookup",
        "nta",
        "/v1/identity/lookup",
        new JsonObject().put("affair", "t1-national-tax").put("myNumber", myNumber));
  }

  private void birth() {
    long n = sent.incrementAndGet();
    send(
        "birth",
        "lg-131016",
        CHIYODA,
        new JsonObject()
            .put("event", "birth")
            .put("name", new JsonObject().put("kanji", "障害\u3000試験").put("kana", "ショウガイ\u3000シケン"))
            .put("birthDate", "2025-0" + (1 + n % 9) + "-1" + (n % 10))
            .put("sex", n % 2 == 0 ? "female" : "male")
            .put("addressRest", "九段南1丁目" + (n % 50) + "番"));
  }

  private void send(String kind, String body, String path, JsonObject json) {
    if (!inFlight.tryAcquire()) {
      skipped.incrementAndGet();
      return;
    }
    String requestId = prefix + "-" + kind + "-" + sent.get();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("X-Jukihub-Body", body)
            .header("X-Jukihub-Operator", "fault-test")
            .header("X-Request-Id", requestId)
            .header("Idempotency-Key", requestId)
            .header("Content-Type", "application/json")
            .timeout(CLIENT_TIMEOUT)
            .POST(HttpRequest.BodyPublishers.ofString(json.encode()))
            .build();
    long start = System.nanoTime();
    http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .whenComplete(
            (response, failure) -> {
              long end = System.nanoTime();
              try {
                if (failure != null) {
                  answers.add(
                      new Answer(
                          kind,
                          requestId,
                          start,
                          end,
                          -1,
                          failure.getClass().getSimpleName(),
                          null));
                } else {
                  JsonObject answer =
                      response.body().startsWith("{")
                          ? new JsonObject(response.body())
                          : new JsonObject();
                  answers.add(
                      new Answer(
                          kind,
                          requestId,
                          start,
                          end,
                          response.statusCode(),
                          answer.getString("code"),
                          answer.getString("residentCode")));
                }
              } finally {
                inFlight.release();
              }
            });
  }
}
