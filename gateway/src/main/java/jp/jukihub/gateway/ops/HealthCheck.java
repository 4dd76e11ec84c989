package jp.jukihub.gateway.ops;

import io.vertx.core.Future;
import java.util.function.Supplier;

/** One thing that must hold for the hub to take traffic; named in the readiness answer. */
public interface HealthCheck {
  String name();

  /** Succeeds when healthy; a failure's message says why, without secrets or personal data. */
  Future<Void> check();

  static HealthCheck of(String name, Supplier<Future<Void>> check) {
    return new HealthCheck() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Future<Void> check() {
        return check.get();
      }
    };
  }
}
