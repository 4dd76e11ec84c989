package jp.jukihub.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;

/**
 * Refuses, before the routes read them, the request heads that Netty lets through but that a route
 * cannot take: a path or query with a broken %-escape, and an Expect other than 100-continue. Left
 * to the router each was a 500 and an internal error in the log; here each is the client's 400 or
 * 417, problem+json. (A head without a Host never reaches the router: {@link
 * UnreadableRequests#answeredWithoutHost}.)
 */
public final class RequestShape implements Handler<RoutingContext> {
  @Override
  public void handle(RoutingContext routing) {
    HttpServerRequest request = routing.request();
    if (!escapesAreWhole(request.uri())) {
      routing.fail(
          new HubException(
              ErrorCode.INVALID_REQUEST,
              "the path or query holds a broken %-escape ('%' and two hex digits)"));
      return;
    }
    String expect = request.getHeader(HttpHeaders.EXPECT);
    if (expect != null && !HttpHeaders.CONTINUE.toString().equalsIgnoreCase(expect.trim())) {
      routing.fail(
          new HubException(
              ErrorCode.EXPECTATION_FAILED, "the only Expect the hub meets is 100-continue"));
      return;
    }
    routing.next();
  }

  /** Every '%' starts a %XX escape. A scan: it runs on every request. */
  static boolean escapesAreWhole(String uri) {
    for (int i = uri.indexOf('%'); i >= 0; i = uri.indexOf('%', i + 1)) {
      if (i + 2 >= uri.length() || !isHex(uri.charAt(i + 1)) || !isHex(uri.charAt(i + 2))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
