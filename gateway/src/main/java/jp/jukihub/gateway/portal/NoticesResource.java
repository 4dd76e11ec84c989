package jp.jukihub.gateway.portal;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.audit.AuditQuery;
import jp.jukihub.gateway.pipeline.RequestContext;
import jp.jukihub.portal.Notices;

/**
 * {@code GET /v1/portal/me/notices} (お知らせ), newest first with the unread count, and {@code POST
 * /v1/portal/me/notices/{id}/read}. Another person's notice is answered as no notice at all.
 */
final class NoticesResource {
  private static final Set<String> PARAMETERS = Set.of("cursor", "limit");

  private final ResidentFinder finder;
  private final Notices notices;
  private final AccessDescriptions descriptions;
  private final Clock clock;

  NoticesResource(
      ResidentFinder finder, Notices notices, AccessDescriptions descriptions, Clock clock) {
    this.finder = finder;
    this.notices = notices;
    this.descriptions = descriptions;
    this.clock = clock;
  }

  Future<JsonObject> list(RequestContext request) {
    AuditQuery query = AuditQuery.of(request, PARAMETERS);
    Long before = number(query.token("cursor"), "cursor");
    int limit = PageLimit.parse(query.token("limit"));
    return finder
        .find(ResidentIdentityStage.resident(request))
        .compose(
            person -> {
              request.notebook().subject(person.personId());
              request.notebook().released(List.of("notices"));
              return Future.all(
                      notices.newestFirst(person.subjects(), before, limit),
                      notices.unread(person.subjects()))
                  .map(
                      both -> {
                        Notices.NoticePage page = both.resultAt(0);
                        long unread = both.resultAt(1);
                        JsonArray list = new JsonArray();
                        page.notices().forEach(notice -> list.add(json(notice)));
                        return new JsonObject()
                            .put("unread", unread)
                            .put("notices", list)
                            .put("next", page.nextBeforeId().map(String::valueOf).orElse(null));
                      });
            });
  }

  Future<JsonObject> markRead(RequestContext request) {
    AuditQuery.of(request, Set.of());
    Long id = number(request.routing().pathParam("id"), "id");
    return finder
        .find(ResidentIdentityStage.resident(request))
        .compose(
            person -> {
              request.notebook().subject(person.personId());
              return notices.markRead(person.subjects(), id, clock.instant());
            })
        .map(
            found -> {
              if (!found) {
                throw new HubException(ErrorCode.NOT_FOUND, "you have no notice with that id");
              }
              return new JsonObject().put("id", String.valueOf(id)).put("read", true);
            });
  }

  private JsonObject json(Notices.Notice notice) {
    JsonObject json =
        new JsonObject()
            .put("id", String.valueOf(notice.id()))
            .put("kind", notice.kind().label())
            .put("occurredAt", notice.occurredAt().toString())
            .put("createdAt", notice.createdAt().toString())
            .put("read", notice.readAt() != null);
    if (notice.bodyId() != null) {
      json.put("body", descriptions.body(notice.bodyId()));
    }
    if (notice.counterpart() != null) {
      json.put("counterpart", descriptions.body(notice.counterpart()));
    }
    if (notice.item() != null) {
      json.put("item", notice.item());
    }
    if (notice.affair() != null) {
      json.put("affair", notice.affair());
    }
    if (notice.detail() != null) {
      json.put("detail", notice.detail());
    }
    return json;
  }

  static Long number(String value, String name) {
    if (value == null) {
      return null;
    }
    try {
      long number = Long.parseLong(value);
      if (number > 0) {
        return number;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new HubException(ErrorCode.INVALID_REQUEST, name + " must be a notice id");
  }
}
