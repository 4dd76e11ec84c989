package jp.jukihub.gateway.http;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;

/**
 * Answers the requests whose head Netty could not read (a request line or headers over their
 * limits, broken framing) the way every other refusal is answered: problem+json with a stable code,
 * then the connection closed, as nothing after a broken head can be trusted. Vert.x's own answer is
 * a bare status with no body. No request id: the pipeline that gives one never ran.
 */
public final class UnreadableRequests {
  private UnreadableRequests() {}

  /** Makes {@code server} answer unreadable requests here. */
  public static HttpServer answeredOn(HttpServer server) {
    return server.invalidRequestHandler(UnreadableRequests::answer);
  }

  /**
   * Answers an HTTP/1.1 request that names no host, or one that cannot be read, and says so. Netty
   * reads such a head without complaint, but Vert.x's router fails it as an internal error.
   */
  static boolean answeredWithoutHost(HttpServerRequest request) {
    if (request.version() == HttpVersion.HTTP_1_0 || request.authority() != null) {
      return false;
    }
    answer(
        request,
        new HubException(
            ErrorCode.INVALID_REQUEST, "the request needs a Host header naming the server"));
    return true;
  }

  static void answer(HttpServerRequest request) {
    answer(request, problemOf(request.decoderResult()));
  }

  private static void answer(HttpServerRequest request, HubException problem) {
    Answer answer = ProblemResponder.answer(problem, null);
    request
        .response()
        .setStatusCode(answer.status())
        .putHeader("Content-Type", answer.contentType())
        .putHeader("Connection", "close")
        .end(answer.body())
        .onComplete(sent -> request.connection().close());
  }

  static HubException problemOf(DecoderResult result) {
    Throwable cause = result == null ? null : result.cause();
    if (cause instanceof TooLongHttpLineException) {
      return new HubException(
          ErrorCode.URI_TOO_LONG, "the request line is longer than the hub reads");
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return new HubException(
          ErrorCode.HEADERS_TOO_LARGE, "the request's headers are larger than the hub reads");
    }
    return new HubException(ErrorCode.INVALID_REQUEST, "the request's head could not be read");
  }
}
