package jp.jukihub.portal;

import static jp.jukihub.portal.PortalFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.database.StorePool;
import jp.jukihub.portal.Notices.Notice;
import jp.jukihub.portal.Notices.NoticePage;
import jp.jukihub.portal.PortalFixtures.Person;
import jp.jukihub.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A resident's notices: pages, the unread count and marking read, never another's. Only the marking
 * test reads or changes the resident's read state.
 */
class NoticesIT {
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  private static final Person RESIDENT = Person.of(1_001);
  private static final Person OTHER = Person.of(2_002);

  private static final Vertx vertx = Vertx.vertx();
  private static DatabaseTarget database;
  private static StorePool pool;
  private static Notices notices;
  private static final List<Long> residentIds = new ArrayList<>();
  private static long othersId;

  @BeforeAll
  static void open() throws Exception {
    database = TestDatabases.fresh();
    residentIds.add(insert(RESIDENT.recordSubject(), "provided", "audit:hub-1:1", 1));
    othersId = insert(OTHER.personId(), "record_changed", "audit:hub-1:2", 2);
    residentIds.add(insert(RESIDENT.personId(), "record_changed", "audit:hub-1:3", 3));
    residentIds.add(insert(RESIDENT.personId(), "certificate_revoked", "revoked:7", 4));
    residentIds.add(insert(RESIDENT.recordSubject(), "provided", "audit:hub-1:5", 5));
    residentIds.add(insert(RESIDENT.personId(), "certificate_expiring", "expiring:8", 6));
    pool = StorePool.open(vertx, database, 2, "audit");
    notices = new Notices(pool);
  }

  private static long insert(long subject, String kind, String source, int minutes)
      throws Exception {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO portal.notice (subject, kind, source, occurred_at, created_at,"
                    + " body_id, counterpart, item, affair, detail)"
                    + " VALUES (?, ?, ?, ?, ?, 'lg-131016', 'jps', 'pension', 't2-affair', 'auth')"
                    + " RETURNING id")) {
      insert.setLong(1, subject);
      insert.setString(2, kind);
      insert.setString(3, source);
      insert.setObject(4, utc(T0.plusSeconds(60L * minutes)));
      insert.setObject(5, utc(T0.plusSeconds(60L * minutes + 1)));
      try (ResultSet row = insert.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  @AfterAll
  static void close() throws Exception {
    await(pool.close());
    await(vertx.close());
  }

  @Test
  void should_page_newest_first_under_both_subjects_when_following_next_before_id()
      throws Exception {
    List<Long> seen = new ArrayList<>();
    Long before = null;
    int pages = 0;
    do {
      NoticePage page = await(notices.newestFirst(RESIDENT.subjects(), before, 2));
      page.notices().forEach(notice -> seen.add(notice.id()));
      before = page.nextBeforeId().orElse(null);
      pages++;
    } while (before != null);

    List<Long> newestFirst = new ArrayList<>(residentIds);
    Collections.reverse(newestFirst);
    assertThat(seen).containsExactlyElementsOf(newestFirst);
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void should_answer_each_notice_as_stored_when_listed() throws Exception {
    Notice newest = await(notices.newestFirst(RESIDENT.subjects(), null, 10)).notices().get(0);

    assertThat(newest.kind()).isEqualTo(NoticeKind.CERTIFICATE_EXPIRING);
    assertThat(newest.occurredAt()).isEqualTo(T0.plusSeconds(360));
    assertThat(newest.createdAt()).isEqualTo(T0.plusSeconds(361));
    assertThat(newest.bodyId()).isEqualTo("lg-131016");
    assertThat(newest.counterpart()).isEqualTo("jps");
    assertThat(newest.item()).isEqualTo("pension");
    assertThat(newest.affair()).isEqualTo("t2-affair");
    assertThat(newest.detail()).isEqualTo("auth");
    assertThat(newest.readAt()).isNull();
  }

  @Test
  void should_count_down_unread_and_keep_the_first_read_time_when_marked_read_twice()
      throws Exception {
    long id = residentIds.get(1);
    assertThat(await(notices.unread(RESIDENT.subjects()))).isEqualTo(5);

    assertThat(await(notices.markRead(RESIDENT.subjects(), id, T0.plusSeconds(3_600)))).isTrue();
    assertThat(await(notices.markRead(RESIDENT.subjects(), id, T0.plusSeconds(7_200)))).isTrue();

    assertThat(await(notices.unread(RESIDENT.subjects()))).isEqualTo(4);
    Notice read =
        await(notices.newestFirst(RESIDENT.subjects(), null, 10)).notices().stream()
            .filter(notice -> notice.id() == id)
            .findFirst()
            .orElseThrow();
    assertThat(read.readAt()).isEqualTo(T0.plusSeconds(3_600));
  }

  @Test
  void should_answer_false_alike_when_the_notice_is_another_persons_or_missing() throws Exception {
    assertThat(await(notices.markRead(RESIDENT.subjects(), othersId, T0))).isFalse();
    assertThat(await(notices.markRead(RESIDENT.subjects(), 999_999, T0))).isFalse();

    assertThat(await(notices.unread(OTHER.subjects()))).isEqualTo(1);
    assertThat(await(notices.newestFirst(RESIDENT.subjects(), null, 10)).notices())
        .extracting(Notice::id)
        .doesNotContain(othersId);
  }
}
