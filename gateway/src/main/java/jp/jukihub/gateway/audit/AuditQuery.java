package jp.jukihub.gateway.audit;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import jp.jukihub.audit.AuditEvent;
import jp.jukihub.audit.AuditReader;
import jp.jukihub.audit.ChainedRecord;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.pipeline.RequestContext;

/**
 * The query parameters of a route that pages through the audit trail (the auditor's, a body's own
 * provision records, a resident's accesses): each checked, none repeated, none unknown, the unknown
 * ones named only when they are plain tokens; and the page as JSON.
 */
public final class AuditQuery {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:@-]{1,64}");
  // Instant.parse takes years up to a billion; microseconds counted through nanoseconds (as the
  // cursor and the database driver count them) overflow after 2262. No record is outside these.
  private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

  private final MultiMap query;

  private AuditQuery(MultiMap query) {
    this.query = query;
  }

  /** The request's parameters, refused if any is not {@code allowed} or comes twice. */
  public static AuditQuery of(RequestContext request, Set<String> allowed) {
    return of(request.routing().queryParams(), allowed);
  }

  /** {@code query} as parsed from a request's URI, refused as {@link #of(RequestContext, Set)}. */
  public static AuditQuery of(MultiMap query, Set<String> allowed) {
    for (String name : query.names()) {
      if (!allowed.contains(name)) {
        // Never the name itself: it is the caller's text, and may be a number (see JsonInput.only).
        throw invalid(
            "an unknown query parameter; allowed: "
                + String.join(", ", allowed.stream().sorted().toList()));
      }
      if (query.getAll(name).size() > 1) {
        throw invalid("query parameter '" + name + "' given more than once");
      }
    }
    return new AuditQuery(query);
  }

  public String token(String name) {
    String value = query.get(name);
    if (value != null && !TOKEN.matcher(value).matches()) {
      throw invalid(name + " must be 1-64 of A-Z a-z 0-9 . _ : @ -");
    }
    return value;
  }

  public Instant from() {
    Instant from = instant("from");
    Instant to = instant("to");
    if (from != null && to != null && !from.isBefore(to)) {
      throw invalid("from must be before to");
    }
    return from;
  }

  public Instant to() {
    return instant("to");
  }

  public AuditReader.Cursor cursor() {
    String value = query.get("cursor");
    if (value == null) {
      return null;
    }
    AuditReader.Cursor cursor;
    try {
      cursor = AuditReader.Cursor.decode(value);
    } catch (IllegalArgumentException e) {
      throw invalid("cursor is not one this API issued");
    }
    if (!inRange(cursor.time())) {
      throw invalid("cursor is not one this API issued");
    }
    return cursor;
  }

  public int limit() {
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

  /**
   * A page as JSON: its records shaped by {@code shape} under {@code name}, and the next cursor.
   */
  public static JsonObject page(
      AuditReader.Page page, String name, Function<ChainedRecord, JsonObject> shape) {
    JsonArray items = new JsonArray();
    page.records().forEach(record -> items.add(shape.apply(record)));
    JsonObject json = new JsonObject().put(name, items);
    page.next().ifPresent(next -> json.put("nextCursor", next.encode()));
    return json;
  }

  /**
   * What a resident may be told: who, when, under which affair, which fields, and from or to which
   * other body when it was an exchange between two.
   */
  public static JsonObject accessJson(ChainedRecord record) {
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

  private Instant instant(String name) {
    String value = query.get(name);
    if (value == null) {
      return null;
    }
    Instant instant;
    try {
      instant = Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw invalid(name + " must be an ISO-8601 instant such as 2026-11-24T09:00:00Z");
    }
    if (!inRange(instant)) {
      throw invalid(name + " must be an instant in the years 1970 to 2199");
    }
    return instant;
  }

  private static boolean inRange(Instant instant) {
    return !instant.isBefore(EARLIEST) && instant.isBefore(LATEST);
  }

  private static HubException invalid(String detail) {
    return new HubException(ErrorCode.INVALID_REQUEST, detail);
  }
}
