package jp.jukihub.portal;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Inserts the lane's notices in one statement, each at most once: a source already noticed (a pass
 * taken again after a crash or a restart, or an overlapping scan) is skipped.
 */
final class NoticeInserts {
  private static final String INSERT =
      "INSERT INTO portal.notice (subject, kind, source, occurred_at, created_at, body_id,"
          + " counterpart, item, affair, detail)"
          + " SELECT n.subject, n.kind, n.source, n.occurred_at, $5, n.body_id, n.counterpart,"
          + " n.item, n.affair, n.detail"
          + " FROM unnest($1::bigint[], $2::text[], $3::text[], $4::timestamptz[], $6::text[],"
          + " $7::text[], $8::text[], $9::text[], $10::text[])"
          + " AS n(subject, kind, source, occurred_at, body_id, counterpart, item, affair, detail)"
          + " ON CONFLICT (source) DO NOTHING RETURNING kind";

  private NoticeInserts() {}

  /** Inserts the new ones among {@code notices}; answers how many of each kind were new. */
  static Future<NoticeLane.Created> insert(
      SqlClient client, List<NewNotice> notices, Instant createdAt) {
    if (notices.isEmpty()) {
      return Future.succeededFuture(NoticeLane.Created.NONE);
    }
    int n = notices.size();
    Long[] subjects = new Long[n];
    String[] kinds = new String[n];
    String[] sources = new String[n];
    OffsetDateTime[] occurred = new OffsetDateTime[n];
    String[] bodies = new String[n];
    String[] counterparts = new String[n];
    String[] items = new String[n];
    String[] affairs = new String[n];
    String[] details = new String[n];
    for (int i = 0; i < n; i++) {
      NewNotice notice = notices.get(i);
      subjects[i] = notice.subject();
      kinds[i] = notice.kind().label();
      sources[i] = notice.source();
      occurred[i] = utc(notice.occurredAt());
      bodies[i] = notice.bodyId();
      counterparts[i] = notice.counterpart();
      items[i] = notice.item();
      affairs[i] = notice.affair();
      details[i] = notice.detail();
    }
    Tuple params =
        Tuple.tuple()
            .addArrayOfLong(subjects)
            .addArrayOfString(kinds)
            .addArrayOfString(sources)
            .addArrayOfOffsetDateTime(occurred)
            .addOffsetDateTime(utc(createdAt))
            .addArrayOfString(bodies)
            .addArrayOfString(counterparts)
            .addArrayOfString(items)
            .addArrayOfString(affairs)
            .addArrayOfString(details);
    return client
        .preparedQuery(INSERT)
        .execute(params)
        .map(
            rows -> {
              NoticeLane.Created created = NoticeLane.Created.NONE;
              for (var row : rows) {
                created = created.plus(NoticeKind.ofLabel(row.getString(0)));
              }
              return created;
            });
  }

  static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
