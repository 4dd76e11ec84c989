package jp.jukihub.gateway.input;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;

/**
 * A JSON request body read field by field: each read names the field that is missing or wrong,
 * never its value, and fields the request may not carry are refused rather than ignored.
 */
public final class JsonInput {
  private static final int MAX_TEXT = 200;
  private static final LocalDate EARLIEST = LocalDate.of(1868, 1, 1);

  private final JsonObject json;
  private final String prefix;
  // The bytes the body was read from; null for a nested object.
  private final Buffer read;

  private JsonInput(JsonObject json, String prefix) {
    this(json, prefix, null);
  }

  private JsonInput(JsonObject json, String prefix, Buffer read) {
    this.json = json;
    this.prefix = prefix;
    this.read = read;
  }

  /** The request's body, read by the body handler; none is an empty body. */
  public static JsonInput of(RoutingContext routing, Set<String> allowed) {
    RequestBody body = routing.body();
    return of(body == null ? null : body.buffer(), allowed);
  }

  public static JsonInput of(Buffer body, Set<String> allowed) {
    if (body == null || body.length() == 0) {
      throw new HubException(ErrorCode.INVALID_REQUEST, "the request needs a JSON object body");
    }
    JsonObject json;
    try {
      json = body.toJsonObject();
    } catch (DecodeException | ClassCastException e) {
      throw new HubException(ErrorCode.INVALID_REQUEST, "the body is not a JSON object");
    }
    if (json == null || json.getMap() == null) { // the body "null"
      throw new HubException(ErrorCode.INVALID_REQUEST, "the body is not a JSON object");
    }
    return new JsonInput(json, "", body).only(allowed);
  }

  /**
   * A field's JSON object as it came, its fields unchecked: for a value whose rules live elsewhere
   * (a copy, which the data standard checks).
   */
  public JsonObject rawObject(String field) {
    Object value = json.getValue(field);
    if (!(value instanceof JsonObject object)) {
      throw new HubException(ErrorCode.INVALID_REQUEST, prefixed(field) + ": a JSON object");
    }
    return object;
  }

  /** The body's bytes as read (a nested object's as encoded), for hashing into an audit record. */
  public Buffer encoded() {
    return read != null ? read : json.toBuffer();
  }

  public JsonInput only(Set<String> allowed) {
    Set<String> unknown = new TreeSet<>(json.fieldNames());
    unknown.removeAll(allowed);
    if (!unknown.isEmpty()) {
      // The caller's names are never repeated: a name is as free as a value, and a My Number sent
      // as one would come back in the answer and go on into logs. The allowed names help as much.
      throw new HubException(
          ErrorCode.INVALID_REQUEST,
          (prefix.isEmpty() ? "the body" : prefix.substring(0, prefix.length() - 1))
              + " has "
              + unknown.size()
              + " unknown field(s); allowed: "
              + String.join(", ", new TreeSet<>(allowed)));
    }
    return this;
  }

  public boolean has(String field) {
    return json.getValue(field) != null;
  }

  public String text(String field) {
    return optionalText(field)
        .orElseThrow(
            () -> new HubException(ErrorCode.INVALID_REQUEST, prefixed(field) + ": required"));
  }

  /**
   * A required string longer than names and addresses (a PEM certificate), up to {@code max}
   * characters.
   */
  public String longText(String field, int max) {
    Object value = json.getValue(field);
    if (!(value instanceof String text) || text.isBlank()) {
      throw new HubException(
          ErrorCode.INVALID_REQUEST, prefixed(field) + ": required, a non-empty string");
    }
    if (text.length() > max) {
      throw new HubException(
          ErrorCode.INVALID_REQUEST, prefixed(field) + ": at most " + max + " characters");
    }
    return text;
  }

  public Optional<String> optionalText(String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof String text) || text.isBlank()) {
      throw new HubException(
          ErrorCode.INVALID_REQUEST, prefixed(field) + ": must be a non-empty string");
    }
    if (text.length() > MAX_TEXT) {
      throw new HubException(
          ErrorCode.INVALID_REQUEST, prefixed(field) + ": at most " + MAX_TEXT + " characters");
    }
    if (text.chars().anyMatch(Character::isISOControl)) {
      throw new HubException(
          ErrorCode.INVALID_REQUEST, prefixed(field) + ": must not contain control characters");
    }
    return Optional.of(text.strip());
  }

  /** A real calendar date, yyyy-mm-dd, not after today. */
  public LocalDate pastDate(String field, Clock clock) {
    LocalDate date = date(field, clock);
    if (date.isAfter(LocalDate.now(clock))) {
      throw new HubException(ErrorCode.INVALID_REQUEST, prefixed(field) + ": is in the future");
    }
    return date;
  }

  /** A real calendar date, yyyy-mm-dd, between 1868-01-01 (Meiji 1) and a year from now. */
  public LocalDate date(String field, Clock clock) {
    String text = text(field);
    LocalDate date;
    try {
      date = LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new HubException(
          ErrorCode.INVALID_REQUEST, prefixed(field) + ": must be a real date written yyyy-mm-dd");
    }
    if (date.isBefore(EARLIEST) || date.isAfter(LocalDate.now(clock).plusYears(1))) {
      throw new HubException(
          ErrorCode.INVALID_REQUEST,
          prefixed(field) + ": must be between " + EARLIEST + " and a year from now");
    }
    return date;
  }

  public Optional<JsonInput> optionalObject(String field, Set<String> allowed) {
    Object value = json.getValue(field);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof JsonObject object)) {
      throw new HubException(ErrorCode.INVALID_REQUEST, prefixed(field) + ": must be an object");
    }
    return Optional.of(new JsonInput(object, prefixed(field) + ".").only(allowed));
  }

  public JsonInput object(String field, Set<String> allowed) {
    return optionalObject(field, allowed)
        .orElseThrow(
            () -> new HubException(ErrorCode.INVALID_REQUEST, prefixed(field) + ": required"));
  }

  private String prefixed(String field) {
    return prefix + field;
  }
}
