package jp.jukihub.gateway.ops;

import io.vertx.core.Future;

/** One thing that must hold for the hub to take traffic; named in the readiness answer. */
public interface HealthCheck {
  String name();

  /** Succeeds when healthy; a failure's message says why, without secrets or personal data. */
  Future<Void> check();
}
