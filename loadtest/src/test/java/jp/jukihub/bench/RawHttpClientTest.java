package jp.jukihub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RawHttpClientTest {
  Vertx vertx;
  HttpServer server;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    // Answers with the status the path names: an empty body for 204, else the request's body back
    // (chunked on /chunked).
    server =
        vertx
            .createHttpServer()
            .requestHandler(
                request ->
                    request
                        .body()
                        .onSuccess(
                            body -> {
                              if (request.path().equals("/chunked")) {
                                request.response().setChunked(true).end(body);
                                return;
                              }
                              int status = Integer.parseInt(request.path().substring(1));
                              request
                                  .response()
                                  .setStatusCode(status)
                                  .end(status == 204 ? Buffer.buffer() : body);
                            }))
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static Buffer post(String path, String body) {
    return Buffer.buffer(
        "POST "
            + path
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
            + body.length()
            + "\r\n\r\n"
            + body);
  }

  List<Integer> send(int connections, List<Buffer> requests) throws Exception {
    List<Integer> statuses = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> all = new CompletableFuture<>();
    vertx.runOnContext(
        v ->
            RawHttpClient.connect(vertx, server.actualPort(), connections)
                .onFailure(all::completeExceptionally)
                .onSuccess(
                    client ->
                        requests.forEach(
                            request ->
                                client.send(
                                    request,
                                    status -> {
                                      statuses.add(status);
                                      if (statuses.size() == requests.size()) {
                                        all.complete(null);
                                      }
                                    }))));
    all.get(10, TimeUnit.SECONDS);
    return statuses;
  }

  @Test
  void should_answer_every_request_when_there_are_more_requests_than_connections()
      throws Exception {
    List<Buffer> requests =
        List.of(
            post("/200", "{\"a\":1}"),
            post("/200", "x".repeat(5_000)),
            post("/404", "{}"),
            post("/204", "{}"),
            post("/200", "{}"),
            post("/503", "{\"b\":2}"),
            post("/200", "{}"));

    List<Integer> statuses = send(2, requests);

    assertThat(statuses).containsExactlyInAnyOrder(200, 200, 404, 204, 200, 503, 200);
  }

  @Test
  void should_fail_rather_than_hang_when_an_answer_cannot_be_read_and_no_connection_is_left()
      throws Exception {
    List<Integer> statuses =
        send(1, List.of(post("/chunked", "{}"), post("/200", "{}"), post("/200", "{}")));

    assertThat(statuses).containsExactly(-1, -1, -1);
  }
}
