package jp.jukihub.gateway.pipeline;

import io.vertx.core.Future;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is a sane token, otherwise a
 * new one. Echoed on every answer, failures included, and written to the audit trail and logs.
 */
public final class RequestIdStage implements Stage {
  public static final String HEADER = "X-Request-Id";
  // Anything else (spaces, control characters, overlong) could forge log lines: replace it.
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

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
        offered != null
                && SANE.matcher(offered).matches()
                && !PersonalNumberShapes.holdsOne(offered)
            ? offered
            : generate();
    request.requestId(id);
    request.routing().response().putHeader(HEADER, id);
    return Future.succeededFuture();
  }

  /** 128 random bits as hex; ids need to be unique, not secret, so no SecureRandom contention. */
  static String generate() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    byte[] bits = new byte[16];
    random.nextBytes(bits);
    return HexFormat.of().formatHex(bits);
  }
}
