package jp.jukihub.portal;

import static jp.jukihub.portal.PortalFixtures.await;
import static jp.jukihub.portal.PortalFixtures.event;
import static jp.jukihub.testing.TestDatabases.scalarInt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.jukihub.audit.AuditEvent;
import jp.jukihub.audit.AuditReader;
import jp.jukihub.audit.ChainedRecord;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.database.StorePool;
import jp.jukihub.portal.PortalFixtures.Person;
import jp.jukihub.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A resident's access history over seven years of trail: one record set a month (a lookup, both
 * sides of an exchange at one instant, a register change a year) for the resident and another
 * person, written through the real trail, among filler records of many other subjects.
 */
class AccessHistoryIT {
  private static final OffsetDateTime START =
      OffsetDateTime.of(2019, 1, 15, 9, 0, 0, 0, ZoneOffset.UTC);
  private static final int MONTHS = 84;
  private static final java.util.regex.Pattern SEQ_SCAN =
      java.util.regex.Pattern.compile("Seq Scan on (record_y\\d{4}m\\d{2})");
  private static final int FILLER = 200_000;
  private static final Person RESIDENT = Person.of(1_001);
  private static final Person OTHER = Person.of(2_002);
  private static final Pattern PARTITION_SCAN =
      Pattern.compile("Index (?:Only )?Scan(?: Backward)? using (\\S+) on (record_y\\d{4}m\\d{2})");

  /** A record written, as the history should show it. */
  private record Written(
      String requestId, long subject, Instant at, String route, String body, String counterpart) {}

  private static final List<Written> written = new ArrayList<>();
  private static Vertx vertx;
  private static DatabaseTarget database;
  private static StorePool pool;
  private static AccessHistory history;

  @BeforeAll
  static void writeSevenYears() throws Exception {
    vertx = Vertx.vertx();
    database = TestDatabases.fresh();
    try (TrailWriter trail = new TrailWriter(database, "hub-1", START.toInstant())) {
      for (int month = 0; month < MONTHS; month++) {
        Instant at = START.plusMonths(month).toInstant();
        List<AuditEvent> events = new ArrayList<>();
        add(events, at, "lookup-" + month, "jps", "identity.lookup", RESIDENT.personId(), null);
        add(
            events,
            at,
            "query-" + month,
            "lg-131016",
            "provision.query",
            RESIDENT.recordSubject(),
            "jps");
        add(
            events,
            at,
            "provide-" + month,
            "jps",
            "provision.provide",
            RESIDENT.recordSubject(),
            "lg-131016");
        if (month % 12 == 5) {
          add(
              events,
              at,
              "correct-" + month,
              "lg-131016",
              "register.correct",
              RESIDENT.personId(),
              null);
        }
        add(events, at, "other-lookup-" + month, "nta", "identity.lookup", OTHER.personId(), null);
        add(
            events,
            at,
            "other-query-" + month,
            "lg-131130",
            "provision.query",
            OTHER.recordSubject(),
            "jps");
        trail.at(at, events.toArray(AuditEvent[]::new));
      }
    }
    fill();
    pool = StorePool.open(vertx, database, 2, "audit");
    // "Now" is the month after the last record: first pages read the last quarter first.
    history =
        new AccessHistory(
            pool, Clock.fixed(START.plusMonths(MONTHS).toInstant(), java.time.ZoneOffset.UTC));
  }

  private static void add(
      List<AuditEvent> events,
      Instant at,
      String id,
      String body,
      String route,
      long subject,
      String counterpart) {
    events.add(event(id, body, route, subject, "ok", List.of("name"), counterpart));
    written.add(new Written(id, subject, at, route, body, counterpart));
  }

  /** Records of many other subjects over the same months, so the planner sees a real trail. */
  private static void fill() throws Exception {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO audit.record (chain, seq, occurred_at, request_id, body_id, zone, route,"
                    + " subject, fields, outcome, status, latency_us, request_hash, answer_hash,"
                    + " prev_hash, hash)"
                    + " SELECT 'filler', g, ?::timestamptz + (g * interval '1 second' * ?), 'filler-' || g,"
                    + " 'jps', 'national_body', 'identity.lookup', 10000 + g % 50000, '{name}', 'ok',"
                    + " 200, 900, '\\x00', '\\x00', '\\x00', '\\x00'"
                    + " FROM generate_series(1, ?) AS g");
        Statement statement = connection.createStatement()) {
      long span = START.plusMonths(MONTHS - 1).toEpochSecond() - START.toEpochSecond();
      insert.setObject(1, START);
      insert.setLong(2, span / FILLER);
      insert.setInt(3, FILLER);
      insert.executeUpdate();
      statement.execute("ANALYZE audit.record");
    }
  }

  @AfterAll
  static void close() throws Exception {
    await(pool.close());
    await(vertx.close());
  }

  private static AccessHistory.Query all(Person person, int limit) {
    return new AccessHistory.Query(person.subjects(), null, null, null, List.of(), null, limit);
  }

  /** Every page of the query, following the cursors. */
  private static List<List<ChainedRecord>> pages(AccessHistory.Query first) throws Exception {
    List<List<ChainedRecord>> pages = new ArrayList<>();
    AccessHistory.Query query = first;
    while (true) {
      AuditReader.Page page = await(history.newestFirst(query));
      pages.add(page.records());
      if (page.next().isEmpty()) {
        return pages;
      }
      assertThat(page.records()).hasSize(first.limit());
      query = query.after(page.next().get());
    }
  }

  private static List<String> ids(List<List<ChainedRecord>> pages) {
    return pages.stream().flatMap(List::stream).map(record -> record.event().requestId()).toList();
  }

  /** What the history should show, newest first: written last is newest (ties go by seq). */
  private static List<String> expected(Person person, Predicate<Written> filter) {
    List<String> ids = new ArrayList<>();
    for (int i = written.size() - 1; i >= 0; i--) {
      Written record = written.get(i);
      if (person.subjects().contains(record.subject()) && filter.test(record)) {
        ids.add(record.requestId());
      }
    }
    return ids;
  }

  @Test
  void should_page_both_subjects_newest_first_without_gaps_or_duplicates_when_following_the_cursor()
      throws Exception {
    List<List<ChainedRecord>> pages = pages(all(RESIDENT, 10));

    assertThat(ids(pages)).containsExactlyElementsOf(expected(RESIDENT, record -> true));
    assertThat(ids(pages)).doesNotHaveDuplicates().hasSize(MONTHS * 3 + MONTHS / 12);
    assertThat(pages.stream().flatMap(List::stream).map(record -> record.event().subject()))
        .as("the person id's records and the pseudonymous provision records, merged")
        .containsOnly(RESIDENT.personId(), RESIDENT.recordSubject())
        .contains(RESIDENT.personId(), RESIDENT.recordSubject());
    assertThat(pages.get(0).get(0).occurredAt())
        .isEqualTo(START.plusMonths(MONTHS - 1).toInstant());
  }

  @Test
  void should_order_records_of_one_instant_by_chain_and_seq_when_a_page_ends_among_them()
      throws Exception {
    // Three records a month share an instant, so pages of 2 end between them again and again.
    List<List<ChainedRecord>> pages = pages(all(RESIDENT, 2));

    assertThat(ids(pages)).containsExactlyElementsOf(expected(RESIDENT, record -> true));
  }

  @Test
  void should_never_show_another_persons_records_when_they_share_the_months() throws Exception {
    List<String> other = ids(pages(all(OTHER, 50)));

    assertThat(other).containsExactlyElementsOf(expected(OTHER, record -> true));
    assertThat(other)
        .noneMatch(
            id ->
                written.stream()
                    .anyMatch(
                        record ->
                            record.requestId().equals(id)
                                && RESIDENT.subjects().contains(record.subject())));
  }

  @Test
  void should_show_what_a_body_did_or_answered_when_filtered_by_body() throws Exception {
    AccessHistory.Query query =
        new AccessHistory.Query(RESIDENT.subjects(), null, null, "lg-131016", List.of(), null, 25);

    assertThat(ids(pages(query)))
        .containsExactlyElementsOf(
            expected(
                RESIDENT,
                record ->
                    "lg-131016".equals(record.body()) || "lg-131016".equals(record.counterpart())))
        .isNotEmpty();
  }

  @Test
  void should_keep_to_the_period_when_from_and_to_are_given() throws Exception {
    Instant from = START.plusMonths(24).toInstant();
    Instant to = START.plusMonths(36).toInstant();
    AccessHistory.Query query =
        new AccessHistory.Query(RESIDENT.subjects(), from, to, null, List.of(), null, 7);

    List<String> ids = ids(pages(query));

    assertThat(ids)
        .containsExactlyElementsOf(
            expected(RESIDENT, record -> !record.at().isBefore(from) && record.at().isBefore(to)))
        .hasSize(12 * 3 + 1);
  }

  @Test
  void should_show_an_exchange_once_when_the_providers_route_is_excluded() throws Exception {
    AccessHistory.Query query =
        new AccessHistory.Query(
            RESIDENT.subjects(), null, null, null, List.of("provision.provide"), null, 100);

    assertThat(ids(pages(query)))
        .containsExactlyElementsOf(
            expected(RESIDENT, record -> !record.route().equals("provision.provide")));
  }

  @Test
  void should_read_each_subject_backwards_on_its_index_when_explained() throws Exception {
    AuditReader.Page first = await(history.newestFirst(all(RESIDENT, 20)));
    assertThat(first.next()).isPresent();

    for (AccessHistory.Query query :
        List.of(all(RESIDENT, 20), all(RESIDENT, 20).after(first.next().get()))) {
      List<String> plan = await(history.explain(query));
      String text = String.join("\n", plan);
      assertThat(text).as(text).doesNotContain("Bitmap Heap Scan");
      for (String line : plan) {
        Matcher seq = SEQ_SCAN.matcher(line);
        if (seq.find()) {
          // An empty partition (the month the writer made ahead) costs nothing either way.
          assertThat(scalarInt(database, "SELECT count(*) FROM audit." + seq.group(1)))
              .as("%s scans a partition with records", line)
              .isZero();
        }
      }
      assertThat(plan).as(text).anyMatch(line -> line.startsWith("Execution Time"));
      List<String> partitionsRead = new ArrayList<>();
      for (String line : plan) {
        Matcher scan = PARTITION_SCAN.matcher(line);
        if (scan.find()) {
          partitionsRead.add(scan.group(2));
          if (!scan.group(1).equals(scan.group(2) + "_subject_occurred_at_idx")) {
            // Only a partition holding no record at all may be read another way (the planner's
            // choice is a coin toss when both cost nothing): the month the writer made ahead.
            assertThat(scalarInt(database, "SELECT count(*) FROM audit." + scan.group(2)))
                .as("%s reads a partition with records by another index than the subject's", line)
                .isZero();
          }
        }
      }
      // The first read is the quarter before the page's start: a few months per subject, not 84.
      assertThat(partitionsRead).as(text).isNotEmpty().hasSizeLessThanOrEqualTo(2 * 5);
    }
  }

  @Test
  void should_refuse_a_query_when_it_names_no_subject() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new AccessHistory.Query(List.of(), null, null, null, null, null, 10));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new AccessHistory.Query(List.of(1L), null, null, null, null, null, 0));
  }
}
