package jp.jukihub.portal;

import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import jp.jukihub.audit.AuditReader;

/**
 * The statement behind a history page: one sub-select per subject, each ordered and limited on its
 * own so that it walks that subject's entries of the subject index backwards (partition by
 * partition, newest first) and stops after a page, then the merge of those few rows. A single
 * {@code subject = ANY(...)} would have to read every record of every subject before sorting.
 * Filters that are absent are left out of the text, not bound as nulls, so each shape gets a plan
 * that can prune partitions and bound the index scan.
 */
record HistoryStatement(String sql, Tuple params) {
  private static final String NEWEST_FIRST = " ORDER BY occurred_at DESC, chain DESC, seq DESC";

  static HistoryStatement of(AccessHistory.Query query) {
    Tuple params = Tuple.tuple();
    query.subjects().forEach(params::addLong);
    List<String> filters = new ArrayList<>();
    if (query.from() != null) {
      filters.add("occurred_at >= $" + bind(params, utc(query.from())));
    }
    if (query.to() != null) {
      filters.add("occurred_at < $" + bind(params, utc(query.to())));
    }
    if (query.body() != null) {
      int body = bind(params, query.body());
      filters.add("(body_id = $" + body + " OR counterpart = $" + body + ")");
    }
    if (!query.excludedRoutes().isEmpty()) {
      filters.add(
          "route <> ALL($" + bind(params, query.excludedRoutes().toArray(String[]::new)) + ")");
    }
    AuditReader.Cursor before = query.before();
    if (before != null) {
      int time = bind(params, utc(before.time()));
      int chain = bind(params, before.chain());
      int seq = bind(params, before.seq());
      // The plain bound lets the index scan (and partition pruning) start at the cursor; the row
      // comparison then orders records of the same instant.
      filters.add("occurred_at <= $" + time);
      filters.add("(occurred_at, chain, seq) < ($" + time + ", $" + chain + ", $" + seq + ")");
    }
    int limit = bind(params, query.limit() + 1);
    String conditions = filters.isEmpty() ? "" : " AND " + String.join(" AND ", filters);
    List<String> branches = new ArrayList<>();
    for (int subject = 1; subject <= query.subjects().size(); subject++) {
      branches.add(
          "(SELECT "
              + AuditReader.COLUMNS
              + " FROM audit.record WHERE subject = $"
              + subject
              + conditions
              + NEWEST_FIRST
              + " LIMIT $"
              + limit
              + ")");
    }
    String sql =
        "SELECT * FROM ("
            + String.join(" UNION ALL ", branches)
            + ") AS history"
            + NEWEST_FIRST
            + " LIMIT $"
            + limit;
    return new HistoryStatement(sql, params);
  }

  /** Adds the value and answers its parameter number. */
  private static int bind(Tuple params, Object value) {
    params.addValue(value);
    return params.size();
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
