package jp.jukihub.audit;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import jp.jukihub.database.SqlFailures;
import jp.jukihub.database.StorePool;
import jp.jukihub.number.MyNumber;

/**
 * Reads the trail for the auditor's API, non-blocking: filtered records in time order, one page at
 * a time, and the subject behind a My Number. Read-only queries, parameters bound, never spliced.
 */
public final class AuditReader {
  /** The columns {@link #record(Row)} maps, for the trail's other readers (My Portal's history). */
  public static final String COLUMNS = AuditRows.COLUMNS;

  private final Pool pool;
  private final Pool national;

  public AuditReader(StorePool pool) {
    this(pool, pool);
  }

  /**
   * Records from the audit database, subjects from the national tier (which may live elsewhere).
   */
  public AuditReader(StorePool pool, StorePool national) {
    this.pool = pool.pool();
    this.national = national.pool();
  }

  /**
   * Every filter is optional; present ones must all match. {@code to} is exclusive; {@code routes}
   * matches any of them.
   */
  public record Filter(
      String body,
      String operator,
      String affair,
      Instant from,
      Instant to,
      String requestId,
      Long subject,
      List<String> routes) {
    public static Filter subject(long subject, Instant from, Instant to) {
      return new Filter(null, null, null, from, to, null, subject, null);
    }
  }

  /** Where the next page starts: after this record. Opaque to clients. */
  public record Cursor(Instant time, long seq, String chain) {
    public String encode() {
      String plain = RecordHasher.micros(time) + ":" + seq + ":" + chain;
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses a cursor this reader issued; anything else is an IllegalArgumentException. */
    public static Cursor decode(String text) {
      try {
        String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
        String[] parts = plain.split(":", 3);
        if (parts.length != 3 || parts[2].isEmpty()) {
          throw new IllegalArgumentException("bad cursor");
        }
        return new Cursor(
            RecordHasher.fromMicros(Long.parseLong(parts[0])), Long.parseLong(parts[1]), parts[2]);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("cursor is not one this API issued", e);
      }
    }
  }

  public record Page(List<ChainedRecord> records, Optional<Cursor> next) {}

  public Future<Page> records(Filter filter, Cursor after, int limit) {
    List<String> where = new ArrayList<>();
    Tuple params = Tuple.tuple();
    condition(where, params, "body_id = $", filter.body());
    condition(where, params, "operator = $", filter.operator());
    condition(where, params, "affair = $", filter.affair());
    condition(where, params, "request_id = $", filter.requestId());
    condition(where, params, "subject = $", filter.subject());
    condition(
        where,
        params,
        "route = ANY($)",
        filter.routes() == null ? null : filter.routes().toArray(String[]::new));
    condition(where, params, "occurred_at >= $", utc(filter.from()));
    condition(where, params, "occurred_at < $", utc(filter.to()));
    if (after != null) {
      params.addValue(utc(after.time())).addValue(after.chain()).addValue(after.seq());
      int n = params.size();
      where.add("(occurred_at, chain, seq) > ($" + (n - 2) + ", $" + (n - 1) + ", $" + n + ")");
    }
    params.addValue(limit + 1);
    String select =
        "SELECT "
            + COLUMNS
            + " FROM audit.record"
            + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where));
    String order = " ORDER BY occurred_at, chain, seq LIMIT $" + params.size();
    // A request id matches one record or a few: find them by their index first. Left to itself,
    // the planner may walk the time index in order and filter, reading a month for nothing.
    String sql =
        filter.requestId() != null
            ? "WITH hits AS MATERIALIZED (" + select + ") SELECT * FROM hits" + order
            : select + order;
    return pool.preparedQuery(sql)
        .execute(params)
        .map(
            rows -> {
              List<ChainedRecord> records = new ArrayList<>(limit);
              for (Row row : rows) {
                if (records.size() == limit) {
                  ChainedRecord last = records.get(limit - 1);
                  return new Page(
                      records,
                      Optional.of(new Cursor(last.occurredAt(), last.seq(), last.chain())));
                }
                records.add(record(row));
              }
              return new Page(records, Optional.empty());
            })
        .recover(AuditReader::unavailable);
  }

  /** The internal person id of whoever holds this My Number, from the national tier. */
  public Future<Optional<Long>> subjectOf(MyNumber number) {
    return national
        .preparedQuery("SELECT person_id FROM national.identity WHERE my_number = $1")
        .execute(Tuple.of(number.value()))
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.<Long>empty()
                    : Optional.of(rows.iterator().next().getLong(0)))
        .recover(AuditReader::unavailable);
  }

  private static <T> Future<T> unavailable(Throwable cause) {
    return SqlFailures.unavailable("the store did not answer", cause);
  }

  private static void condition(List<String> where, Tuple params, String clause, Object value) {
    if (value != null) {
      params.addValue(value);
      where.add(clause.replace("$", "$" + params.size()));
    }
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  /** A record as stored, from a row that selected {@link #COLUMNS}. */
  public static ChainedRecord record(Row row) {
    Long subject = row.getLong("subject");
    AuditEvent event =
        new AuditEvent(
            row.getString("request_id"),
            row.getString("body_id"),
            row.getString("operator"),
            row.getString("zone"),
            row.getString("route"),
            row.getString("affair"),
            row.getString("firewall_rule"),
            subject,
            List.of(row.getArrayOfStrings("fields")),
            row.getString("outcome"),
            row.getInteger("status"),
            row.getLong("latency_us"),
            row.getBuffer("request_hash").getBytes(),
            row.getBuffer("answer_hash").getBytes(),
            row.getString("counterpart"));
    return new ChainedRecord(
        row.getString("chain"),
        row.getLong("seq"),
        row.getOffsetDateTime("occurred_at").toInstant(),
        event,
        row.getBuffer("prev_hash").getBytes(),
        row.getBuffer("hash").getBytes());
  }
}
