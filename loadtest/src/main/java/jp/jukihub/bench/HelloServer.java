package jp.jukihub.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The baseline the hub's lookups are compared with: bare Vert.x core, one verticle per core on one
 * loopback port, no router, answering every request with the same fixed JSON bytes once its body
 * has arrived. What is left is the cost of HTTP on Vert.x on this machine, which no gateway can
 * beat; the hub's rate divided by this one says what the gateway's own work costs.
 */
final class HelloServer implements AutoCloseable {
  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");

  private final Vertx vertx;
  private final int port;

  private HelloServer(Vertx vertx, int port) {
    this.vertx = vertx;
    this.port = port;
  }

  /**
   * Starts {@code instances} verticles sharing a free port on 127.0.0.1; blocks until they listen.
   */
  static HelloServer start(Buffer answer, int instances) throws Exception {
    Vertx vertx = Vertx.vertx();
    Buffer bytes = answer.copy();
    String length = Integer.toString(bytes.length());
    // Vert.x shares one socket among servers on the same host and port; "any free port, shared"
    // is a negative port.
    AtomicInteger bound = new AtomicInteger();
    vertx
        .deployVerticle(
            () -> new HelloVerticle(bytes, length, bound),
            new DeploymentOptions().setInstances(instances))
        .toCompletionStage()
        .toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    return new HelloServer(vertx, bound.get());
  }

  int port() {
    return port;
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static final class HelloVerticle extends VerticleBase {
    private final Buffer answer;
    private final CharSequence length;
    private final AtomicInteger bound;

    HelloVerticle(Buffer answer, String length, AtomicInteger bound) {
      this.answer = answer;
      this.length = HttpHeaders.createOptimized(length);
      this.bound = bound;
    }

    @Override
    public Future<?> start() {
      HttpServer server =
          vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(-1));
      return server
          .requestHandler(
              request ->
                  request
                      .end()
                      .onComplete(
                          read ->
                              request
                                  .response()
                                  .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                                  .putHeader(HttpHeaders.CONTENT_LENGTH, length)
                                  .end(answer)))
          .listen()
          .onSuccess(listening -> bound.set(listening.actualPort()));
    }
  }
}
