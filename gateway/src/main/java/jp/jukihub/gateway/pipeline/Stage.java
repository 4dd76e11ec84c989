package jp.jukihub.gateway.pipeline;

import io.vertx.core.Future;

/** One small step every request passes; a failed future stops the request with that failure. */
public interface Stage {
  /** Stable name, for logs and start-up checks. */
  String id();

  Phase phase();

  Future<Void> apply(RequestContext request);
}
