package jp.jukihub.portal;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jp.jukihub.database.SqlFailures;
import jp.jukihub.database.StorePool;

/**
 * A resident's notices (お知らせ), as the notice lane made them: newest first, the unread count, and
 * marking one read. Every call names the resident's subjects, and touches nothing outside them.
 */
public final class Notices {
  /** The most notices one page may ask for. */
  public static final int MAX_LIMIT = 200;

  private static final String PAGE =
      "SELECT id, kind, occurred_at, created_at, body_id, counterpart, item, affair, detail,"
          + " read_at FROM portal.notice WHERE subject = ANY($1) AND id < $2"
          + " ORDER BY id DESC LIMIT $3";
  private static final String UNREAD =
      "SELECT count(*) FROM portal.notice WHERE subject = ANY($1) AND read_at IS NULL";
  // Finds the notice among the subjects' and sets read_at only the first time: a notice read
  // again keeps when it was first read, and costs no write.
  private static final String MARK_READ =
      "WITH target AS (SELECT id, read_at FROM portal.notice WHERE id = $1 AND subject = ANY($2)),"
          + " marked AS (UPDATE portal.notice n SET read_at = $3 FROM target t"
          + " WHERE n.id = t.id AND t.read_at IS NULL RETURNING n.id)"
          + " SELECT count(*) FROM target";

  /**
   * A notice as the resident sees it (no subject: the caller knows whose it is).
   *
   * @param bodyId the body that acted: the requester of a provision, the municipality
   * @param counterpart the provider, for {@link NoticeKind#PROVIDED}
   * @param detail short and non-personal: certificate type and reason, or the register's route
   * @param readAt null while unread
   */
  public record Notice(
      long id,
      NoticeKind kind,
      Instant occurredAt,
      Instant createdAt,
      String bodyId,
      String counterpart,
      String item,
      String affair,
      String detail,
      Instant readAt) {}

  /** A page of notices, and the id to ask before for the next when there is one. */
  public record NoticePage(List<Notice> notices, Optional<Long> nextBeforeId) {}

  private final Pool pool;

  public Notices(StorePool audit) {
    this.pool = audit.pool();
  }

  /** Newest first, those older than {@code beforeId} (null: from the newest). */
  public Future<NoticePage> newestFirst(List<Long> subjects, Long beforeId, int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      return Future.failedFuture(
          new IllegalArgumentException(
              "a page holds 1 to " + MAX_LIMIT + " notices, asked for " + limit));
    }
    Tuple params =
        subjects(subjects)
            .addLong(beforeId == null ? Long.MAX_VALUE : beforeId)
            .addInteger(limit + 1);
    return pool.preparedQuery(PAGE)
        .execute(params)
        .map(
            rows -> {
              List<Notice> notices = new ArrayList<>(limit);
              for (Row row : rows) {
                if (notices.size() == limit) {
                  return new NoticePage(notices, Optional.of(notices.get(limit - 1).id()));
                }
                notices.add(notice(row));
              }
              return new NoticePage(notices, Optional.<Long>empty());
            })
        .recover(e -> SqlFailures.unavailable("the notices cannot be read", e));
  }

  public Future<Long> unread(List<Long> subjects) {
    return pool.preparedQuery(UNREAD)
        .execute(subjects(subjects))
        .map(rows -> rows.iterator().next().getLong(0))
        .recover(e -> SqlFailures.unavailable("the notices cannot be counted", e));
  }

  /**
   * Marks the notice read at {@code at}, once. False when none of the subjects has a notice with
   * that id: another resident's notice and a missing one answer alike.
   */
  public Future<Boolean> markRead(List<Long> subjects, long id, Instant at) {
    Tuple params =
        Tuple.of(id)
            .addArrayOfLong(subjects.toArray(Long[]::new))
            .addOffsetDateTime(OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
    return pool.preparedQuery(MARK_READ)
        .execute(params)
        .map(rows -> rows.iterator().next().getLong(0) > 0)
        .recover(e -> SqlFailures.unavailable("the notice cannot be marked read", e));
  }

  private static Tuple subjects(List<Long> subjects) {
    return Tuple.tuple().addArrayOfLong(subjects.toArray(Long[]::new));
  }

  private static Notice notice(Row row) {
    return new Notice(
        row.getLong("id"),
        NoticeKind.ofLabel(row.getString("kind")),
        row.getOffsetDateTime("occurred_at").toInstant(),
        row.getOffsetDateTime("created_at").toInstant(),
        row.getString("body_id"),
        row.getString("counterpart"),
        row.getString("item"),
        row.getString("affair"),
        row.getString("detail"),
        instant(row.getOffsetDateTime("read_at")));
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
