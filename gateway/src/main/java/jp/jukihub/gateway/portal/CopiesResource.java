package jp.jukihub.gateway.portal;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import jp.jukihub.gateway.audit.AuditQuery;
import jp.jukihub.gateway.pipeline.RequestContext;
import jp.jukihub.portal.HeldCopies;

/**
 * {@code GET /v1/portal/me/copies} (自己情報表示): what the bodies' intermediate servers hold about the
 * resident — each copy's item, provider and date, and its content.
 */
final class CopiesResource {
  private final ResidentFinder finder;
  private final HeldCopies copies;
  private final AccessDescriptions descriptions;

  CopiesResource(ResidentFinder finder, HeldCopies copies, AccessDescriptions descriptions) {
    this.finder = finder;
    this.copies = copies;
    this.descriptions = descriptions;
  }

  Future<JsonObject> copies(RequestContext request) {
    AuditQuery.of(request, Set.of());
    return finder
        .find(ResidentIdentityStage.resident(request))
        .compose(
            person -> {
              request.notebook().subject(person.personId());
              request.notebook().released(List.of("copies"));
              return copies.of(person.link());
            })
        .map(
            held -> {
              JsonArray list = new JsonArray();
              held.forEach(
                  copy ->
                      list.add(
                          new JsonObject()
                              .put("item", copy.item())
                              .put("provider", descriptions.body(copy.bodyId()))
                              .put("asOf", copy.registeredAt().toString())
                              .put("data", copy.data())));
              return new JsonObject().put("copies", list);
            });
  }
}
