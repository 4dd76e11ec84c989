package jp.jukihub.portal;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.jukihub.audit.AuditReader;
import jp.jukihub.audit.ChainedRecord;
import jp.jukihub.database.SqlFailures;
import jp.jukihub.database.StorePool;

/**
 * A resident's access history (アクセス記録): every audit record under their subjects, newest first, a
 * page at a time. Read from the audit database; each subject is read backwards on the trail's
 * subject index, so a page costs a few index entries per partition, however long the trail.
 */
public final class AccessHistory {
  /** The most records one page may ask for. */
  public static final int MAX_LIMIT = 1_000;

  /**
   * What to read.
   *
   * @param subjects the resident's subjects (person id and the provision records' pseudonym)
   * @param from inclusive, or null
   * @param to exclusive, or null
   * @param body a body that acted or was the other side of an exchange ({@code body_id} or {@code
   *     counterpart}), or null for all
   * @param excludedRoutes routes left out, e.g. {@code provision.provide}, so that an exchange
   *     recorded at both sides shows once
   * @param before the cursor of the last record of the page before: older records follow; null for
   *     the newest
   * @param limit records per page, 1 to {@link #MAX_LIMIT}
   */
  public record Query(
      List<Long> subjects,
      Instant from,
      Instant to,
      String body,
      List<String> excludedRoutes,
      AuditReader.Cursor before,
      int limit) {
    public Query {
      subjects = subjects.stream().distinct().toList();
      if (subjects.isEmpty()) {
        throw new IllegalArgumentException("a history needs at least one subject");
      }
      excludedRoutes = excludedRoutes == null ? List.of() : List.copyOf(excludedRoutes);
      if (limit < 1 || limit > MAX_LIMIT) {
        throw new IllegalArgumentException(
            "a page holds 1 to " + MAX_LIMIT + " records, asked for " + limit);
      }
    }

    /** The same query over [from, to) only, for at most {@code records}. */
    Query within(Instant newFrom, Instant newTo, int records) {
      return new Query(subjects, newFrom, newTo, body, excludedRoutes, before, records);
    }

    /** The same query for the page after {@code page}, whose last record was {@code last}. */
    public Query after(AuditReader.Cursor last) {
      return new Query(subjects, from, to, body, excludedRoutes, last, limit);
    }
  }

  /**
   * Most first pages fill from the last quarter; read alone, it is planned and started over three
   * monthly partitions instead of seven years' (the executor opens every partition it may read).
   */
  static final Duration RECENT = Duration.ofDays(92);

  private final Pool pool;
  private final Clock clock;

  /**
   * The sessions this history's statement runs best on: a history page plans over every monthly
   * partition of seven years (about 1.5 ms each, both subjects: some 250 ms); a generic plan is
   * made once per connection and then reused, partitions pruned as it runs (a few ms a page).
   */
  public static final Map<String, String> SESSION = Map.of("plan_cache_mode", "force_generic_plan");

  /** Reads through {@code audit}, best opened with {@link #SESSION}. */
  public AccessHistory(StorePool audit, Clock clock) {
    this.pool = audit.pool();
    this.clock = clock;
  }

  /**
   * One page, newest first; its cursor is present only when older records exist. The quarter before
   * the page's start is read first, and what is older only when that quarter does not fill the
   * page.
   */
  public Future<AuditReader.Page> newestFirst(Query query) {
    Instant recent = recentFrom(query);
    if (query.from() != null && !recent.isAfter(query.from())) {
      return page(query);
    }
    return page(query.within(recent, query.to(), query.limit()))
        .compose(
            newest -> {
              if (newest.next().isPresent()) {
                return Future.succeededFuture(newest);
              }
              int missing = query.limit() - newest.records().size();
              // A full quarter still needs to know whether anything older follows.
              Query older = query.within(query.from(), recent, Math.max(missing, 1)).after(null);
              return page(older).map(rest -> joined(newest, rest, missing));
            });
  }

  /** Where the first read starts: a quarter before the page's own start (cursor, to, or now). */
  private Instant recentFrom(Query query) {
    Instant start =
        query.before() != null
            ? query.before().time()
            : query.to() != null ? query.to() : clock.instant();
    return start.minus(RECENT);
  }

  private static AuditReader.Page joined(
      AuditReader.Page newest, AuditReader.Page rest, int missing) {
    if (missing == 0) {
      Optional<AuditReader.Cursor> next =
          rest.records().isEmpty() ? Optional.empty() : Optional.of(cursorOf(newest.records()));
      return new AuditReader.Page(newest.records(), next);
    }
    List<ChainedRecord> records = new ArrayList<>(newest.records());
    records.addAll(rest.records());
    return new AuditReader.Page(records, rest.next());
  }

  private static AuditReader.Cursor cursorOf(List<ChainedRecord> records) {
    ChainedRecord last = records.get(records.size() - 1);
    return new AuditReader.Cursor(last.occurredAt(), last.seq(), last.chain());
  }

  private Future<AuditReader.Page> page(Query query) {
    HistoryStatement statement = HistoryStatement.of(query);
    return pool.preparedQuery(statement.sql())
        .execute(statement.params())
        .map(
            rows -> {
              List<ChainedRecord> records = new ArrayList<>(query.limit());
              for (Row row : rows) {
                if (records.size() == query.limit()) {
                  ChainedRecord last = records.get(records.size() - 1);
                  return new AuditReader.Page(
                      records,
                      Optional.of(
                          new AuditReader.Cursor(last.occurredAt(), last.seq(), last.chain())));
                }
                records.add(AuditReader.record(row));
              }
              return new AuditReader.Page(records, Optional.<AuditReader.Cursor>empty());
            })
        .recover(e -> SqlFailures.unavailable("the access history cannot be read", e));
  }

  /**
   * The plan of {@link #newestFirst}'s statement for this query, as {@code EXPLAIN (ANALYZE,
   * BUFFERS)} prints it (the statement runs): what the benchmark shows beside its timings.
   */
  public Future<List<String>> explain(Query query) {
    Instant recent = recentFrom(query);
    Query first =
        query.from() != null && !recent.isAfter(query.from())
            ? query
            : query.within(recent, query.to(), query.limit());
    HistoryStatement statement = HistoryStatement.of(first);
    return pool.preparedQuery("EXPLAIN (ANALYZE, BUFFERS) " + statement.sql())
        .execute(statement.params())
        .map(
            rows -> {
              List<String> lines = new ArrayList<>(rows.size());
              rows.forEach(row -> lines.add(row.getString(0)));
              return lines;
            })
        .recover(e -> SqlFailures.unavailable("the access history cannot be explained", e));
  }
}
