package jp.jukihub.gateway.pipeline;

import io.vertx.core.Future;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is a sane token, otherwise a
 * new one. Echoed on every answer, failures included, and written to the audit trail and logs.
 */
public final class RequestIdStage implements Stage {
  public static final String HEADER = "X-Request-Id";
  private static final int LONGEST = 64;

  private final Clock clock;

  /** Ids it makes start with {@code clock}'s milliseconds. */
  public RequestIdStage(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String id() {
    return "request-id";
  }

  @Override
  public Phase phase() {
    return Phase.REQUEST_ID;
  }

  @Override
  public Future<Void> apply(RequestContext request) {
    String offered = request.routing().request().getHeader(HEADER);
    // An id with a run of 11 or more digits (also split by '-', '.', '_') might be a My Number or
    // resident code: it would reach the logs and the audit trail as it is, so it is replaced.
    String id =
        offered != null && isSane(offered) && !PersonalNumberShapes.holdsOne(offered)
            ? offered
            : generate(clock);
    request.requestId(id);
    request.routing().response().putHeader(HEADER, id);
    return Future.succeededFuture();
  }

  /**
   * 1-64 of A-Z, a-z, 0-9, '.', '_', ':', '-': anything else (spaces, control characters, overlong)
   * could forge log lines. A scan, as it runs on every request.
   */
  static boolean isSane(String offered) {
    int length = offered.length();
    if (length == 0 || length > LONGEST) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = offered.charAt(i);
      boolean allowed =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == ':'
              || c == '-';
      if (!allowed) {
        return false;
      }
    }
    return true;
  }

  /**
   * 32 hex digits: the clock's milliseconds (12), then 80 random bits (20). Ids need to be unique,
   * not secret, so no SecureRandom contention; they start with the time so that each audit record's
   * request-id index entry goes in at the index's right edge, as the time index's does, instead of
   * on a random page of an index that grows by millions a day.
   */
  static String generate(Clock clock) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    HexFormat hex = HexFormat.of();
    return hex.toHexDigits(clock.millis()).substring(4)
        + hex.toHexDigits(random.nextLong())
        + hex.toHexDigits((short) random.nextInt());
  }
}
