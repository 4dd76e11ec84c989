package jp.jukihub.portal;

import static jp.jukihub.portal.PortalFixtures.await;
import static jp.jukihub.portal.PortalFixtures.event;
import static jp.jukihub.portal.PortalFixtures.failureOf;
import static jp.jukihub.testing.TestDatabases.scalarInt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import jp.jukihub.audit.AuditEvent;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.database.StorePool;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.portal.Notices.Notice;
import jp.jukihub.portal.PortalFixtures.Person;
import jp.jukihub.testing.Eventually;
import jp.jukihub.testing.MutableClock;
import jp.jukihub.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The notice lane against a real trail and real certificates (in one database here; the lane only
 * ever commits to the audit pool): each kind made once, passes taken again and restarts make
 * nothing twice, and a pass cut short is finished by the next.
 */
class NoticeLaneIT {
  private static final Instant T = Instant.parse("2026-06-01T00:00:00Z");
  private static final Person RESIDENT = Person.of(1_001);
  private static final Person OTHER = Person.of(2_002);
  private static final Vertx vertx = Vertx.vertx();

  private DatabaseTarget database;
  private StorePool audit;
  private StorePool national;
  private final MutableClock clock = new MutableClock(T);

  @BeforeEach
  void open() {
    database = TestDatabases.fresh();
    audit = StorePool.open(vertx, database, 2, "audit");
    national = StorePool.open(vertx, database, 2, "national");
  }

  @AfterEach
  void closePools() throws Exception {
    await(audit.close());
    await(national.close());
  }

  @AfterAll
  static void closeVertx() throws Exception {
    await(vertx.close());
  }

  private NoticeLane lane() {
    return new NoticeLane(audit, national, clock);
  }

  private static AuditEvent ok(
      String id, String body, String route, Long subject, String item, String counterpart) {
    return event(
        id, body, route, subject, "ok", item == null ? List.of() : List.of(item), counterpart);
  }

  /** Records of every kind the lane tells apart, for the resident and another person. */
  private void writeTrail(Instant at) throws Exception {
    try (TrailWriter trail = new TrailWriter(database, "hub-1", at)) {
      trail.at(
          at,
          ok("q1", "lg-131016", "provision.query", RESIDENT.recordSubject(), "pension", "jps"),
          ok(
              "q1/provider",
              "jps",
              "provision.provide",
              RESIDENT.recordSubject(),
              "pension",
              "lg-131016"),
          event(
              "q2",
              "lg-131016",
              "provision.query",
              RESIDENT.recordSubject(),
              "NO_COPY",
              List.of(),
              "jps"),
          ok(
              "h1",
              "lg-131016",
              "provision.household-check",
              RESIDENT.recordSubject(),
              "householdCheck",
              "lg-131130"),
          ok("b1", "lg-131130", "provision.queries-batch", OTHER.recordSubject(), "tax", "nta"),
          ok("c1", "lg-131016", "register.correct", RESIDENT.personId(), "name", null),
          ok("r1", "lg-131016", "register.history", RESIDENT.personId(), "history", null),
          ok("l1", "jps", "identity.lookup", RESIDENT.personId(), "name", null),
          ok("n1", "lg-131016", "register.register", null, null, null));
    }
  }

  private void certificate(
      long serial, String type, long person, Instant notAfter, Instant revokedAt, Integer reason)
      throws Exception {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO jpki.certificate (serial, type, shard, person_id, person_version, lg_code,"
                    + " not_before, not_after, revoked_at, reason, revocation_seq)"
                    + " VALUES (?, ?, 0, ?, 1, '131016', ?, ?, ?, ?,"
                    + " CASE WHEN ? THEN nextval('jpki.revocation_seq') END)")) {
      insert.setLong(1, serial);
      insert.setString(2, type);
      insert.setLong(3, person);
      insert.setObject(4, utc(notAfter.minus(Duration.ofDays(5 * 365))));
      insert.setObject(5, utc(notAfter));
      insert.setObject(6, revokedAt == null ? null : utc(revokedAt));
      insert.setObject(7, reason == null ? null : reason.shortValue(), java.sql.Types.SMALLINT);
      insert.setBoolean(8, revokedAt != null);
      insert.executeUpdate();
    }
  }

  private void revoke(long serial, Instant at, int reason) throws Exception {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE jpki.certificate SET revoked_at = ?, reason = ?,"
                    + " revocation_seq = nextval('jpki.revocation_seq') WHERE serial = ?")) {
      update.setObject(1, utc(at));
      update.setShort(2, (short) reason);
      update.setLong(3, serial);
      update.executeUpdate();
    }
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private List<Notice> noticesOf(Person person) throws Exception {
    return await(new Notices(audit).newestFirst(person.subjects(), null, 100)).notices();
  }

  private int notices() throws Exception {
    return scalarInt(database, "SELECT count(*) FROM portal.notice");
  }

  @Test
  void should_create_each_kind_of_notice_once_when_passes_repeat() throws Exception {
    writeTrail(T.minus(Duration.ofHours(1)));
    certificate(
        11,
        "auth",
        RESIDENT.personId(),
        T.plus(Duration.ofDays(1_000)),
        T.minus(Duration.ofDays(1)),
        1);
    certificate(12, "sign", RESIDENT.personId(), T.plus(Duration.ofDays(30)), null, null);
    certificate(13, "auth", RESIDENT.personId(), T.plus(Duration.ofDays(400)), null, null);
    certificate(
        14,
        "sign",
        RESIDENT.personId(),
        T.plus(Duration.ofDays(10)),
        T.minus(Duration.ofDays(2)),
        4);
    certificate(15, "auth", RESIDENT.personId(), T.minus(Duration.ofDays(1)), null, null);
    NoticeLane lane = lane();

    NoticeLane.Created first = await(lane.pass());

    assertThat(first).isEqualTo(new NoticeLane.Created(3, 1, 2, 1));
    assertThat(await(lane.runOnce())).as("a second pass").isZero();
    assertThat(noticesOf(RESIDENT))
        .extracting(Notice::kind, Notice::bodyId, Notice::counterpart, Notice::item, Notice::detail)
        .containsExactlyInAnyOrder(
            tuple(NoticeKind.PROVIDED, "lg-131016", "jps", "pension", null),
            tuple(NoticeKind.PROVIDED, "lg-131016", "lg-131130", "householdCheck", null),
            tuple(NoticeKind.RECORD_CHANGED, "lg-131016", null, null, "register.correct"),
            tuple(NoticeKind.CERTIFICATE_REVOKED, "lg-131016", null, null, "auth:keyCompromise"),
            tuple(NoticeKind.CERTIFICATE_REVOKED, "lg-131016", null, null, "sign:superseded"),
            tuple(NoticeKind.CERTIFICATE_EXPIRING, null, null, null, "sign"));
    assertThat(noticesOf(OTHER))
        .extracting(Notice::kind, Notice::bodyId, Notice::counterpart, Notice::item)
        .containsExactly(tuple(NoticeKind.PROVIDED, "lg-131130", "nta", "tax"));
    Notice revoked = noticeWithDetail("auth:keyCompromise");
    assertThat(revoked.occurredAt()).isEqualTo(T.minus(Duration.ofDays(1)));
    assertThat(revoked.createdAt()).isEqualTo(T);
    assertThat(noticeWithDetail("sign").occurredAt()).isEqualTo(T.plus(Duration.ofDays(30)));
    assertThat(noticeWithDetail(null).occurredAt()).isEqualTo(T.minus(Duration.ofHours(1)));
    assertThat(noticeWithDetail(null).affair()).isEqualTo("t2-test-affair");
  }

  private Notice noticeWithDetail(String detail) throws Exception {
    return noticesOf(RESIDENT).stream()
        .filter(notice -> Objects.equals(notice.detail(), detail))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void should_continue_from_the_cursors_without_duplicates_when_a_new_lane_starts()
      throws Exception {
    writeTrail(T.minus(Duration.ofHours(1)));
    certificate(13, "auth", RESIDENT.personId(), T.plus(Duration.ofDays(400)), null, null);
    certificate(16, "sign", RESIDENT.personId(), T.plus(Duration.ofDays(200)), null, null);
    assertThat(await(lane().runOnce()))
        .as("the trail's; no certificate ends within 90 days")
        .isEqualTo(4);

    // Later: more exchanges on the same chain, a revocation, certificates entering the horizon.
    Instant later = T.plus(Duration.ofDays(120));
    try (TrailWriter trail = new TrailWriter(database, "hub-1", later)) {
      trail.at(
          later, ok("q3", "jps", "provision.query", RESIDENT.recordSubject(), "tax", "lg-131016"));
    }
    revoke(13, later.minus(Duration.ofMinutes(1)), 1);
    clock.set(later);

    NoticeLane.Created afterRestart = await(lane().pass());

    assertThat(afterRestart)
        .as("the new exchange, the revocation, and certificate 16 now 80 days from its end")
        .isEqualTo(new NoticeLane.Created(1, 0, 1, 1));
    assertThat(notices()).isEqualTo(7);
    assertThat(await(lane().runOnce())).isZero();
    assertThat(
            scalarInt(database, "SELECT seq FROM portal.notice_cursor WHERE name = 'audit:hub-1'"))
        .isEqualTo(10);
  }

  @Test
  void should_read_every_chain_in_batches_when_the_backlog_is_longer_than_one() throws Exception {
    for (String chain : List.of("hub-1", "hub-2")) {
      try (TrailWriter trail = new TrailWriter(database, chain, T)) {
        for (int i = 0; i < 7; i++) {
          trail.at(
              T.plusSeconds(i / 2),
              ok(
                  chain + "-q" + i,
                  "lg-131016",
                  "provision.query",
                  RESIDENT.recordSubject(),
                  "tax",
                  "nta"));
        }
      }
    }

    NoticeLane lane = new NoticeLane(audit, national, clock, 3);

    assertThat(await(lane.runOnce())).isEqualTo(14);
    assertThat(await(lane.runOnce())).isZero();
  }

  @Test
  void should_finish_the_pass_without_duplicates_when_one_failed_half_way() throws Exception {
    writeTrail(T.minus(Duration.ofHours(1)));
    certificate(
        11,
        "auth",
        RESIDENT.personId(),
        T.plus(Duration.ofDays(1_000)),
        T.minus(Duration.ofDays(1)),
        1);
    StorePool gone = StorePool.open(vertx, database, 1, "national-gone");
    await(gone.close());

    Throwable failed = failureOf(new NoticeLane(audit, gone, clock).runOnce());

    assertThat(((HubException) failed).code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE);
    assertThat(notices()).as("the trail's notices committed before the failure").isEqualTo(4);
    assertThat(await(lane().pass())).isEqualTo(new NoticeLane.Created(0, 0, 1, 0));
  }

  @Test
  void should_make_notices_on_its_own_when_started() throws Exception {
    writeTrail(T.minus(Duration.ofHours(1)));
    NoticeLane lane = lane();
    lane.start(vertx, Duration.ofMillis(20));
    try {
      Eventually.until(Duration.ofSeconds(10), "the lane noticed the trail", () -> notices() == 4);
      try (TrailWriter trail = new TrailWriter(database, "hub-1", T)) {
        trail.at(T, ok("q9", "nta", "provision.query", RESIDENT.recordSubject(), "tax", "jps"));
      }
      Eventually.until(
          Duration.ofSeconds(10), "the lane noticed the new record", () -> notices() == 5);
    } finally {
      lane.close();
    }
  }
}
