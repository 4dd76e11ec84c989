package jp.jukihub.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.pipeline.PersonalNumberShapes;
import jp.jukihub.gateway.pipeline.RequestContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place failures become answers: {@code application/problem+json} (RFC 9457) with {@code
 * type}, {@code title}, {@code status}, {@code detail}, and our stable {@code code} and {@code
 * requestId}. Internal failures are logged here, once, and reach the client only as a generic 500.
 */
public final class ProblemResponder implements Handler<RoutingContext> {
  public static final String CONTENT_TYPE = "application/problem+json";
  private static final Logger log = LoggerFactory.getLogger(ProblemResponder.class);

  @Override
  public void handle(RoutingContext routing) {
    HubException problem = toProblem(routing.failure(), routing.statusCode());
    logIfInternal(problem, routing);
    HttpServerResponse response = routing.response();
    if (response.closed()) {
      return; // the client went away (ClientFaults): no one to answer
    }
    if (response.headWritten()) {
      response.reset();
      return;
    }
    answer(problem, requestId(routing)).send(response);
  }

  /** The problem+json answer for a failure, ready to hash and send. */
  public static Answer answer(HubException problem, String requestId) {
    JsonObject body = json(problem, requestId);
    return new Answer(body.getInteger("status"), CONTENT_TYPE, body.toBuffer());
  }

  /** The problem's JSON object (an NDJSON batch answers a line's problem inside its line). */
  public static JsonObject json(HubException problem, String requestId) {
    int status = statusOf(problem.code().category());
    JsonObject body =
        new JsonObject()
            .put("type", typeOf(problem.code()))
            .put("title", problem.code().title())
            .put("status", status)
            .put("detail", withoutNumbers(problem))
            .put("code", problem.code().name());
    if (requestId != null) {
      body.put("requestId", requestId);
    }
    return body;
  }

  /**
   * The problem's detail, unless it holds a digit group shaped like a My Number or resident code:
   * details never repeat the caller's text, and this is the net under that rule. The withheld
   * detail is not logged either; the warning names the code, to find the reader that broke it.
   */
  private static String withoutNumbers(HubException problem) {
    String detail = problem.detail();
    if (detail == null || !PersonalNumberShapes.holdsOne(detail)) {
      return detail;
    }
    log.warn("a {} problem's detail held a personal number's shape: withheld", problem.code());
    return problem.code().title();
  }

  /** Internal failures are logged here, once; clients see only a generic 500. */
  public static void logIfInternal(HubException problem, RoutingContext routing) {
    logIfInternal(problem, routing, requestId(routing));
  }

  /**
   * As {@link #logIfInternal(HubException, RoutingContext)}, for a request id of its own (a batch
   * line's). The line names the request by its id as a field, never by thread-local state: an event
   * loop serves many requests at once.
   */
  public static void logIfInternal(HubException problem, RoutingContext routing, String requestId) {
    if (problem.code() == ErrorCode.INTERNAL) {
      String route =
          routing.currentRoute() == null ? "unmatched" : routing.currentRoute().getName();
      log.atError()
          .addKeyValue("requestId", requestId)
          .addKeyValue("method", routing.request().method().name())
          .addKeyValue("route", route)
          .setCause(problem.getCause() == null ? problem : problem.getCause())
          .log("internal error on {} {}", routing.request().method(), route);
    }
  }

  /** The HTTP status of each kind of failure; the only such mapping in the hub. */
  public static int statusOf(ErrorCode.Category category) {
    return switch (category) {
      case BAD_INPUT -> 400;
      case UNAUTHENTICATED -> 401;
      case FORBIDDEN -> 403;
      case NOT_FOUND -> 404;
      case METHOD_NOT_ALLOWED -> 405;
      case CONFLICT -> 409;
      case UNPROCESSABLE -> 422;
      case RATE_LIMITED -> 429;
      case UNAVAILABLE -> 503;
      case TIMEOUT -> 408;
      case TOO_LARGE -> 413;
      case URI_TOO_LONG -> 414;
      case UNSUPPORTED_MEDIA_TYPE -> 415;
      case EXPECTATION_FAILED -> 417;
      case HEADERS_TOO_LARGE -> 431;
      case INTERNAL -> 500;
    };
  }

  public static String typeOf(ErrorCode code) {
    return "urn:jukihub:problem:" + code.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static HubException toProblem(Throwable failure, int statusCode) {
    if (failure instanceof HubException hub) {
      return hub;
    }
    if (failure != null) {
      return ClientFaults.problemOf(failure)
          .orElseGet(
              () ->
                  new HubException(
                      ErrorCode.INTERNAL, "the hub could not complete the request", failure));
    }
    // Failures vert.x raises itself carry only a status.
    return switch (statusCode) {
      case 404 -> new HubException(ErrorCode.NOT_FOUND, "no such resource");
      case 405 ->
          new HubException(
              ErrorCode.METHOD_NOT_ALLOWED, "this resource does not accept that method");
      case 413 ->
          new HubException(
              ErrorCode.PAYLOAD_TOO_LARGE, "the request's body is larger than this resource takes");
      case 415 ->
          new HubException(
              ErrorCode.UNSUPPORTED_MEDIA_TYPE, "this resource does not take that Content-Type");
      default ->
          statusCode >= 400 && statusCode < 500
              ? new HubException(ErrorCode.INVALID_REQUEST, "the request is malformed")
              : new HubException(ErrorCode.INTERNAL, "the hub could not complete the request");
    };
  }

  public static String requestId(RoutingContext routing) {
    return RequestContext.of(routing).map(RequestContext::requestId).orElse(null);
  }
}
