package jp.jukihub.gateway.http;

import io.vertx.core.http.HttpClosedException;
import java.util.Optional;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;

/**
 * Exceptions that reach a route as failures but are the client's doing, not the hub's: a body whose
 * framing Netty's HTTP codec could not read (a broken chunk size), or a connection the client
 * closed before its body was in. They are answered (or, with no one left to answer, dropped) as
 * client errors and never logged as internal ones, where they would hide the real ones.
 */
final class ClientFaults {
  private static final String CODEC = "io.netty.handler.codec.";

  private ClientFaults() {}

  /** The client's problem this failure is, or empty when it is the hub's own. */
  static Optional<HubException> problemOf(Throwable failure) {
    if (failure instanceof HttpClosedException) {
      return Optional.of(
          new HubException(ErrorCode.INVALID_REQUEST, "the client closed the connection"));
    }
    if (thrownByTheCodec(failure)) {
      return Optional.of(
          new HubException(ErrorCode.INVALID_REQUEST, "the request's body framing is broken"));
    }
    return Optional.empty();
  }

  /** Thrown inside Netty's codecs (a chunk size it could not parse, ...), or wrapping such. */
  private static boolean thrownByTheCodec(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getClass().getName().startsWith(CODEC)) {
        return true; // DecoderException, TooLongFrameException, ...
      }
      StackTraceElement[] trace = t.getStackTrace();
      if (trace.length > 0 && trace[0].getClassName().startsWith(CODEC)) {
        return true;
      }
    }
    return false;
  }
}
