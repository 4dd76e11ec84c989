package jp.jukihub.gateway.ops;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.function.Supplier;

/** One thing that must hold for the hub to take traffic; named in the readiness answer. */
public interface HealthCheck {
  String name();

  /**
   * Succeeds when healthy, with details worth showing (empty for none); a failure's message says
   * why. Neither holds secrets or personal data.
   */
  Future<JsonObject> check();

  /** A check with nothing to show but UP or DOWN. */
  static HealthCheck of(String name, Supplier<Future<Void>> check) {
    return withDetails(name, () -> check.get().map(ok -> new JsonObject()));
  }

  /** A check that shows details while UP (what is loaded, since when). */
  static HealthCheck withDetails(String name, Supplier<Future<JsonObject>> check) {
    return new HealthCheck() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Future<JsonObject> check() {
        return check.get();
      }
    };
  }
}
