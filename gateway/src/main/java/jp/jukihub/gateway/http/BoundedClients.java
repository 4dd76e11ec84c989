package jp.jukihub.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.net.ssl.SSLPeerUnverifiedException;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.config.LimitOptions.ClientOptions;
import jp.jukihub.gateway.limits.ConnectionLimits;

/**
 * Bounds one listener's clients, so that thousands of idle or slow connections cannot hold the
 * heap, the file descriptors or the event loops:
 *
 * <ul>
 *   <li>a connection past its caller's cap or the listener's is closed as it opens;
 *   <li>a connection silent both ways for {@code idleTimeoutSeconds} is closed (Vert.x);
 *   <li>a request's head must arrive within {@code headerTimeoutMillis} of the connection opening
 *       or of its last answer, else the connection is closed (there is no request to answer);
 *   <li>a request's whole body must arrive within {@code bodyTimeoutMillis} of its head, else it is
 *       answered 408 {@code REQUEST_TIMEOUT} and its connection closed. A streamed route (a batch)
 *       sets a deadline of its own ({@link #deadline}).
 * </ul>
 *
 * <p>One per verticle: the connection state is kept on its event loop; the counts it admits by are
 * shared ({@link ConnectionLimits}). Installed as the router's first handler.
 */
public final class BoundedClients implements Handler<RoutingContext> {
  private static final String DEADLINE = "jukihub.deadline";

  private final Vertx vertx;
  private final ClientOptions options;
  private final ConnectionLimits limits;
  private final Function<HttpConnection, String> callers;
  // Only ever touched on this verticle's event loop.
  private final Map<HttpConnection, Watch> watches = new HashMap<>();

  private BoundedClients(
      Vertx vertx,
      ClientOptions options,
      ConnectionLimits limits,
      Function<HttpConnection, String> callers) {
    this.vertx = vertx;
    this.options = options;
    this.limits = limits;
    this.callers = callers;
  }

  /**
   * Bounds clients known by remote address (development identity, residents at My Portal); with
   * {@code certificates}, by the body their client certificate names (at connection time, the TLS
   * handshake done).
   */
  public static BoundedClients of(
      Vertx vertx,
      ClientOptions options,
      ConnectionLimits limits,
      Function<X509Certificate, Optional<String>> certificates) {
    return new BoundedClients(
        vertx, options, limits, connection -> callerOf(connection, certificates));
  }

  /** Per remote address, whatever the connection's certificate. */
  public static BoundedClients byAddress(
      Vertx vertx, ClientOptions options, ConnectionLimits limits) {
    return new BoundedClients(vertx, options, limits, BoundedClients::address);
  }

  /** The listener's idle timeout. */
  public HttpServerOptions applyTo(HttpServerOptions server) {
    return server.setIdleTimeout(options.idleTimeoutSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS);
  }

  /** Serves {@code router} on {@code server}, watching each connection and request. */
  public HttpServer serve(HttpServer server, Router router) {
    return server
        .connectionHandler(this::connected)
        .requestHandler(
            request -> {
              if (UnreadableRequests.answeredWithoutHost(request)) {
                return; // the router would fail it as an internal error
              }
              Watch watch = watches.get(request.connection());
              if (watch != null) {
                watch.requestArrived();
              }
              router.handle(request);
            });
  }

  /** The router's first handler: the body's deadline, and the connection idle again after. */
  @Override
  public void handle(RoutingContext routing) {
    Deadline deadline = new Deadline(routing);
    routing.put(DEADLINE, deadline);
    deadline.set(options.bodyTimeoutMillis(), null);
    Watch watch = watches.get(routing.request().connection());
    routing.addEndHandler(
        ended -> {
          deadline.cancel();
          if (watch != null) {
            watch.requestEnded();
          }
        });
    routing.next();
  }

  /**
   * Replaces the request's body deadline (a batch's is longer); {@code expired} runs if the body
   * has not fully arrived by then, and must end the answer and close the connection.
   */
  static void deadline(RoutingContext routing, long millis, Runnable expired) {
    Deadline deadline = routing.get(DEADLINE);
    if (deadline != null) {
      deadline.set(millis, expired);
    }
  }

  private void connected(HttpConnection connection) {
    String caller = callers.apply(connection);
    if (!limits.admit(caller)) {
      connection.close();
      return;
    }
    FramingGuard.guard(connection);
    Watch watch = new Watch(connection);
    watches.put(connection, watch);
    connection.closeHandler(
        closed -> {
          watch.cancel();
          watches.remove(connection);
          limits.release(caller);
        });
    watch.waitForHead();
  }

  /** A connection's requests in progress, and its head deadline while it has none. */
  private final class Watch {
    private final HttpConnection connection;
    private int active;
    private long timer = -1;

    Watch(HttpConnection connection) {
      this.connection = connection;
    }

    void requestArrived() {
      active++;
      cancel();
    }

    void requestEnded() {
      active = Math.max(0, active - 1);
      if (active == 0 && watches.get(connection) == this) {
        waitForHead();
      }
    }

    void waitForHead() {
      cancel();
      timer =
          vertx.setTimer(
              options.headerTimeoutMillis(),
              id -> {
                timer = -1;
                if (active == 0) {
                  connection.close();
                }
              });
    }

    void cancel() {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    }
  }

  /** One request's body deadline. */
  private final class Deadline {
    private final RoutingContext routing;
    private long timer = -1;

    Deadline(RoutingContext routing) {
      this.routing = routing;
    }

    void set(long millis, Runnable expired) {
      cancel();
      timer =
          vertx.setTimer(
              millis,
              id -> {
                timer = -1;
                expire(millis, expired);
              });
    }

    void cancel() {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    }

    private void expire(long millis, Runnable expired) {
      HttpServerResponse response = routing.response();
      if (routing.request().isEnded() || response.ended() || response.closed()) {
        return; // the body is in: the request may take as long as its work does
      }
      if (expired != null) {
        expired.run();
        return;
      }
      HttpConnection connection = routing.request().connection();
      if (response.headWritten()) {
        connection.close();
        return;
      }
      HubException late =
          new HubException(
              ErrorCode.REQUEST_TIMEOUT,
              "the request's body did not arrive within " + millis + " ms of its head");
      Answer answer = ProblemResponder.answer(late, ProblemResponder.requestId(routing));
      response
          .setStatusCode(answer.status())
          .putHeader("Content-Type", answer.contentType())
          .putHeader("Connection", "close")
          .end(answer.body())
          .onComplete(sent -> connection.close());
    }
  }

  private static String callerOf(
      HttpConnection connection, Function<X509Certificate, Optional<String>> certificates) {
    if (connection.isSsl()) {
      try {
        List<java.security.cert.Certificate> chain = connection.peerCertificates();
        if (!chain.isEmpty() && chain.get(0) instanceof X509Certificate own) {
          Optional<String> body = certificates.apply(own);
          if (body.isPresent()) {
            return "body:" + body.get();
          }
        }
      } catch (SSLPeerUnverifiedException e) {
        // no certificate: counted by address, and refused by the caller-identity stage anyway
      }
    }
    return address(connection);
  }

  private static String address(HttpConnection connection) {
    return connection.remoteAddress() == null
        ? "unknown"
        : "address:" + connection.remoteAddress().hostAddress();
  }
}
