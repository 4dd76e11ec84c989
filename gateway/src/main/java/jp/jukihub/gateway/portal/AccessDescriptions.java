package jp.jukihub.gateway.portal;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import jp.jukihub.audit.AuditEvent;
import jp.jukihub.audit.ChainedRecord;
import jp.jukihub.gateway.authorisation.LawfulUse;
import jp.jukihub.gateway.authorisation.LawfulUses;
import jp.jukihub.gateway.body.Body;
import jp.jukihub.gateway.body.BodyRegistry;

/**
 * An audit record as its resident reads it: what kind of access, which body (by name; never the
 * operator), the affair as the law describes it, what was released, and for an exchange the other
 * body and the item. The resident's own portal reads are theirs, not someone looking.
 */
final class AccessDescriptions {
  /**
   * The provider's record of an exchange repeats the requester's: the resident sees one exchange.
   */
  static final List<String> REPEATED = List.of("provision.provide");

  private final BodyRegistry bodies;
  private final List<LawfulUses<?>> tables;

  AccessDescriptions(BodyRegistry bodies, List<LawfulUses<?>> tables) {
    this.bodies = bodies;
    this.tables = List.copyOf(tables);
  }

  /** What kind of access a route's record is, in the words of the portal's API. */
  static String kind(String route) {
    if (route.startsWith("identity.") || route.equals("register.history")) {
      return "lookup";
    }
    switch (route) {
      case "provision.query", "provision.queries-batch", "provision.household-check":
        return "provision";
      case "provision.tokens", "provision.tokens-batch":
        return "token_acquired";
      case "provision.copy-register", "provision.copies-batch":
        return "copy_registered";
      case "provision.copy-withdraw":
        return "copy_withdrawn";
      default:
        break;
    }
    if (route.equals("jpki.issue")) {
      return "certificate_issued";
    }
    if (route.equals("jpki.revoke")) {
      return "certificate_revoked";
    }
    if (route.startsWith("register.")) {
      return "record_change";
    }
    if (route.startsWith("portal.")) {
      return "portal_read";
    }
    if (route.startsWith("audit.")) {
      return "audit_read";
    }
    return "other";
  }

  JsonObject describe(ChainedRecord record) {
    AuditEvent event = record.event();
    String kind = kind(event.route());
    JsonObject json =
        new JsonObject()
            .put("time", record.occurredAt().toString())
            .put("kind", kind)
            .put("body", body(event.body()));
    if (event.counterpart() != null) {
      json.put("counterpart", body(event.counterpart()));
    }
    affair(event.affair())
        .ifPresent(
            row ->
                json.put(
                    "affair",
                    new JsonObject()
                        .put("id", row.id())
                        .put("description", row.affair())
                        .put("law", row.law())));
    if (event.affair() != null && !json.containsKey("affair")) {
      json.put("affair", new JsonObject().put("id", event.affair()));
    }
    if (kind.equals("provision") && !event.fields().isEmpty()) {
      json.put("item", event.fields().get(0));
    }
    return json.put("fields", new JsonArray(event.fields())).put("outcome", event.outcome());
  }

  /** The access as one CSV line's fields, in {@link #CSV_HEADER}'s order. */
  List<String> csvFields(ChainedRecord record) {
    JsonObject json = describe(record);
    JsonObject affair = json.getJsonObject("affair");
    JsonObject counterpart = json.getJsonObject("counterpart");
    return List.of(
        json.getString("time"),
        json.getString("kind"),
        json.getJsonObject("body").getString("id"),
        json.getJsonObject("body").getString("name"),
        counterpart == null ? "" : counterpart.getString("name"),
        affair == null ? "" : affair.getString("id"),
        affair == null || affair.getString("description") == null
            ? ""
            : affair.getString("description"),
        json.getString("item", ""),
        String.join(" ", record.event().fields()),
        json.getString("outcome"));
  }

  static final List<String> CSV_HEADER =
      List.of(
          "time",
          "kind",
          "body",
          "body_name",
          "counterpart",
          "affair",
          "affair_description",
          "item",
          "fields",
          "outcome");

  JsonObject body(String id) {
    return new JsonObject().put("id", id).put("name", bodies.find(id).map(Body::name).orElse(id));
  }

  private Optional<? extends LawfulUse> affair(String id) {
    if (id == null) {
      return Optional.empty();
    }
    for (LawfulUses<?> table : tables) {
      Optional<? extends LawfulUse> row = table.row(id);
      if (row.isPresent()) {
        return row;
      }
    }
    return Optional.empty();
  }
}
