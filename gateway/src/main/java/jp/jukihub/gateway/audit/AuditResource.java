package jp.jukihub.gateway.audit;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import jp.jukihub.audit.AuditEvent;
import jp.jukihub.audit.AuditReader;
import jp.jukihub.audit.ChainedRecord;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.pipeline.RequestContext;
import jp.jukihub.number.MyNumber;

/**
 * The auditor's view of the trail: {@code GET /v1/audit/records} (filtered, paged) and {@code GET
 * /v1/audit/subjects/{myNumber}/accesses} (who saw this person's record). Only the audit office may
 * read it ({@link AuditCapability#RIGHTS}), and every read is itself audited.
 */
final class AuditResource {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:@-]{1,64}");
  private static final Set<String> RECORD_PARAMETERS =
      Set.of("body", "operator", "affair", "from", "to", "requestId", "cursor", "limit");
  private static final Set<String> ACCESS_PARAMETERS = Set.of("from", "to", "cursor", "limit");

  private final AuditReader reader;

  AuditResource(AuditReader reader) {
    this.reader = reader;
  }

  Future<JsonObject> records(RequestContext request) {
    MultiMap query = query(request, RECORD_PARAMETERS);
    AuditReader.Filter filter =
        new AuditReader.Filter(
            token(query, "body"),
            token(query, "operator"),
            token(query, "affair"),
            instant(query, "from"),
            instant(query, "to"),
            token(query, "requestId"),
            null);
    checkRange(filter.from(), filter.to());
    AuditReader.Cursor cursor = cursor(query);
    int limit = limit(query);
    request.notebook().released(List.of("auditRecords"));
    return reader
        .records(filter, cursor, limit)
        .map(page -> page(page, "records", AuditResource::recordJson));
  }

  Future<JsonObject> accesses(RequestContext request) {
    MultiMap query = query(request, ACCESS_PARAMETERS);
    MyNumber number = MyNumber.of(request.routing().pathParam("myNumber"));
    Instant from = instant(query, "from");
    Instant to = instant(query, "to");
    checkRange(from, to);
    AuditReader.Cursor cursor = cursor(query);
    int limit = limit(query);
    return reader
        .subjectOf(number)
        .compose(
            subject -> {
              if (subject.isEmpty()) {
                return Future.failedFuture(
                    new HubException(ErrorCode.NOT_FOUND, "no resident holds this My Number"));
              }
              request.notebook().subject(subject.get());
              request.notebook().released(List.of("accesses"));
              return reader.records(
                  AuditReader.Filter.subject(subject.get(), from, to), cursor, limit);
            })
        .map(page -> page(page, "accesses", AuditResource::accessJson));
  }

  private static JsonObject page(
      AuditReader.Page page, String name, Function<ChainedRecord, JsonObject> shape) {
    JsonArray items = new JsonArray();
    page.records().forEach(record -> items.add(shape.apply(record)));
    JsonObject json = new JsonObject().put(name, items);
    page.next().ifPresent(next -> json.put("nextCursor", next.encode()));
    return json;
  }

  private static JsonObject recordJson(ChainedRecord record) {
    AuditEvent event = record.event();
    HexFormat hex = HexFormat.of();
    return accessJson(record)
        .put("requestId", event.requestId())
        .put("firewallRule", event.firewallRule())
        .put("subject", event.subject())
        .put("status", event.status())
        .put("latencyMicros", event.latencyMicros())
        .put("requestHash", hex.formatHex(event.requestHash()))
        .put("answerHash", hex.formatHex(event.answerHash()))
        .put("chain", record.chain())
        .put("seq", record.seq());
  }

  /**
   * What a resident may be told: who, when, under which affair, which fields, and from or to which
   * other body when it was an exchange between two.
   */
  private static JsonObject accessJson(ChainedRecord record) {
    AuditEvent event = record.event();
    return new JsonObject()
        .put("time", record.occurredAt().toString())
        .put("body", event.body())
        .put("counterpart", event.counterpart())
        .put("operator", event.operator())
        .put("zone", event.zone())
        .put("route", event.route())
        .put("affair", event.affair())
        .put("fields", new JsonArray(event.fields()))
        .put("outcome", event.outcome());
  }

  private static MultiMap query(RequestContext request, Set<String> allowed) {
    MultiMap query = request.routing().queryParams();
    for (String name : query.names()) {
      if (!allowed.contains(name)) {
        throw invalid(
            "unknown query parameter '"
                + safe(name)
                + "'; allowed: "
                + String.join(", ", allowed.stream().sorted().toList()));
      }
      if (query.getAll(name).size() > 1) {
        throw invalid("query parameter '" + name + "' given more than once");
      }
    }
    return query;
  }

  private static String token(MultiMap query, String name) {
    String value = query.get(name);
    if (value != null && !TOKEN.matcher(value).matches()) {
      throw invalid(name + " must be 1-64 of A-Z a-z 0-9 . _ : @ -");
    }
    return value;
  }

  private static Instant instant(MultiMap query, String name) {
    String value = query.get(name);
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw invalid(name + " must be an ISO-8601 instant such as 2026-11-24T09:00:00Z");
    }
  }

  private static void checkRange(Instant from, Instant to) {
    if (from != null && to != null && !from.isBefore(to)) {
      throw invalid("from must be before to");
    }
  }

  private static AuditReader.Cursor cursor(MultiMap query) {
    String value = query.get("cursor");
    if (value == null) {
      return null;
    }
    try {
      return AuditReader.Cursor.decode(value);
    } catch (IllegalArgumentException e) {
      throw invalid("cursor is not one this API issued");
    }
  }

  private static int limit(MultiMap query) {
    String value = query.get("limit");
    if (value == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(value);
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw invalid("limit must be a whole number from 1 to " + MAX_LIMIT);
  }

  private static String safe(String name) {
    return TOKEN.matcher(name).matches() ? name : "?";
  }

  private static HubException invalid(String detail) {
    return new HubException(ErrorCode.INVALID_REQUEST, detail);
  }
}
