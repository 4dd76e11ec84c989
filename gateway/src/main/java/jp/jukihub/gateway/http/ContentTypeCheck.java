package jp.jukihub.gateway.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.util.Locale;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;

/**
 * A route's body type, checked before the body is read: a body of another type (a multipart form on
 * a JSON route) is refused 415 instead of being parsed as what it is not. A JSON route also takes a
 * body sent without a Content-Type, as most clients' JSON is; a route that names its type as
 * required (an OCSP request) does not.
 *
 * <p>A {@link PlatformHandler} because Vert.x lets only those run before a route's body handler; it
 * may, as it answers or passes on at once, before the body starts to flow.
 */
final class ContentTypeCheck implements PlatformHandler {
  static final String JSON = "application/json";

  private final String accepted;
  private final boolean required;

  private ContentTypeCheck(String accepted, boolean required) {
    this.accepted = accepted;
    this.required = required;
  }

  /** JSON, or no Content-Type at all. */
  static ContentTypeCheck json() {
    return new ContentTypeCheck(JSON, false);
  }

  /** Exactly {@code mediaType} (its parameters aside). */
  static ContentTypeCheck required(String mediaType) {
    return new ContentTypeCheck(mediaType, true);
  }

  @Override
  public void handle(RoutingContext routing) {
    String type = routing.request().getHeader(HttpHeaders.CONTENT_TYPE);
    if (!hasBody(routing)) {
      routing.next();
      return;
    }
    if (type == null ? required : !takes(type)) {
      routing.fail(
          new HubException(
              ErrorCode.UNSUPPORTED_MEDIA_TYPE,
              "send the body as "
                  + accepted
                  + (JSON.equals(accepted) ? " (in UTF-8)" : "")
                  + (type == null ? "; the Content-Type header is missing" : "")));
      return;
    }
    routing.next();
  }

  private static boolean hasBody(RoutingContext routing) {
    String length = routing.request().getHeader(HttpHeaders.CONTENT_LENGTH);
    return routing.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null
        || (length != null && !length.equals("0"));
  }

  /** The media type, parameters aside, is the accepted one; JSON's charset, if named, is UTF-8. */
  boolean takes(String contentType) {
    int semicolon = contentType.indexOf(';');
    String media = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
    if (!media.equalsIgnoreCase(accepted)) {
      return false;
    }
    if (semicolon < 0 || !JSON.equals(accepted)) {
      return true;
    }
    for (String parameter : contentType.substring(semicolon + 1).split(";")) {
      int equals = parameter.indexOf('=');
      if (equals > 0
          && parameter.substring(0, equals).trim().equalsIgnoreCase("charset")
          && !parameter
              .substring(equals + 1)
              .trim()
              .replace("\"", "")
              .toLowerCase(Locale.ROOT)
              .equals("utf-8")) {
        return false;
      }
    }
    return true;
  }
}
