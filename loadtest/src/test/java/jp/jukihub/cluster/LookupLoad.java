package jp.jukihub.cluster;

import io.vertx.core.json.JsonObject;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.net.ssl.SSLHandshakeException;

/**
 * Identity lookups by {@code jps} at a fixed rate through one port (HAProxy's, or a node's), at
 * most {@code connections} in flight, each with a request id of its own so that its audit record
 * can be found. Request i is due at start + i / rate; one due while all connections are busy waits
 * for one. Runs in the background; {@link #await} gives every request's outcome.
 */
final class LookupLoad {
  /** One request: when it was due (ms from the start), status (0: no answer), what answered. */
  record Outcome(String requestId, double dueMillis, int status, String servedBy, double millis) {
    boolean ok() {
      return status == 200;
    }
  }

  private final List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
  private final Thread sender;
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile long startNanos;

  private LookupLoad(
      BodyClient client,
      int port,
      List<String> myNumbers,
      double rate,
      double seconds,
      int connections,
      String tag) {
    sender =
        new Thread(
            () -> send(client, port, myNumbers, rate, seconds, connections, tag),
            "lookup-load-" + tag);
    sender.setDaemon(true);
  }

  static LookupLoad start(
      BodyClient client,
      int port,
      List<String> myNumbers,
      double rate,
      double seconds,
      int connections,
      String tag) {
    // Each load on connections of its own: a failure it counts is one of this phase.
    LookupLoad load =
        new LookupLoad(
            client.withNewConnections(), port, myNumbers, rate, seconds, connections, tag);
    load.startNanos = System.nanoTime();
    load.sender.start();
    return load;
  }

  /** Seconds since the load began. */
  double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Every request's outcome, in the order they were due, once all are answered or failed. */
  List<Outcome> await() throws InterruptedException {
    if (!done.await(120, TimeUnit.SECONDS)) {
      throw new AssertionError("the lookup load did not end");
    }
    List<Outcome> all = new ArrayList<>(outcomes);
    all.sort((a, b) -> Double.compare(a.dueMillis(), b.dueMillis()));
    return all;
  }

  /**
   * One lookup, sent again once if its connection could not even be set up: the handshake is over
   * before a byte of the request leaves, so the hub never saw it (a node just restarted, or one
   * just killed, behind HAProxy). Said on the output, with the cause, so a run shows it.
   */
  private static HttpResponse<String> sendRetryingUnsent(
      BodyClient client, int port, String json, String requestId, String tag) throws Exception {
    try {
      return client.send(port, "POST", "/v1/identity/lookup", json, requestId);
    } catch (SSLHandshakeException | ConnectException notSent) {
      System.out.printf(
          "cluster-it: %s: %s on a new connection (%s); %s sent on another%n",
          tag, notSent.getClass().getSimpleName(), notSent.getMessage(), requestId);
      return client.send(port, "POST", "/v1/identity/lookup", json, requestId);
    }
  }

  private void send(
      BodyClient client,
      int port,
      List<String> myNumbers,
      double rate,
      double seconds,
      int connections,
      String tag) {
    long total = (long) (rate * seconds);
    long interval = (long) (1e9 / rate);
    Semaphore inFlight = new Semaphore(connections);
    CountDownLatch answered = new CountDownLatch((int) total);
    ExecutorService workers = Executors.newFixedThreadPool(connections);
    try {
      for (int i = 0; i < total; i++) {
        long due = startNanos + i * interval;
        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
          LockSupport.parkNanos(wait);
        }
        inFlight.acquire();
        String requestId = "cluster-it-" + tag + "-" + i;
        String json =
            new JsonObject()
                .put("affair", "t1-national-pension")
                .put("myNumber", myNumbers.get(i % myNumbers.size()))
                .encode();
        double dueMillis = (due - startNanos) / 1e6;
        workers.execute(
            () -> {
              long begun = System.nanoTime();
              Outcome outcome;
              try {
                HttpResponse<String> answer =
                    sendRetryingUnsent(client, port, json, requestId, tag);
                JsonObject body = new JsonObject(answer.body());
                outcome =
                    new Outcome(
                        requestId,
                        dueMillis,
                        answer.statusCode(),
                        answer.statusCode() == 200
                            ? body.getString("servedBy")
                            : body.getString("code"),
                        (System.nanoTime() - begun) / 1e6);
              } catch (Exception e) {
                outcome =
                    new Outcome(
                        requestId,
                        dueMillis,
                        0,
                        e.getClass().getSimpleName(),
                        (System.nanoTime() - begun) / 1e6);
              }
              outcomes.add(outcome);
              inFlight.release();
              answered.countDown();
            });
      }
      answered.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      workers.shutdownNow();
      done.countDown();
    }
  }

  /** Counts by a key (status and what answered), for the report. */
  static Map<String, Long> tally(List<Outcome> outcomes, Function<Outcome, String> key) {
    return outcomes.stream()
        .collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
  }
}
