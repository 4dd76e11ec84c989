package jp.jukihub.gateway.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import jp.jukihub.gateway.body.Body;
import jp.jukihub.gateway.pipeline.RequestContext;

/** {@code GET /v1/bodies/me}: who the hub takes the caller to be. Lets a body check its setup. */
final class CallerResource {
  private CallerResource() {}

  static void describe(RoutingContext routing) {
    Body body = RequestContext.of(routing).orElseThrow().caller();
    JsonObject json =
        new JsonObject()
            .put("id", body.id())
            .put("name", body.name())
            .put("kind", body.kind().name().toLowerCase(Locale.ROOT))
            .put("zone", body.zone().label());
    body.lgCode().ifPresent(code -> json.put("lgCode", code.value()));
    body.corporateNumber().ifPresent(number -> json.put("corporateNumber", number.value()));
    routing.response().putHeader("Content-Type", "application/json").end(json.toBuffer());
  }
}
