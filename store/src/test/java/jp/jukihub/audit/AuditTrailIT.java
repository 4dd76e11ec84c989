package jp.jukihub.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.progress.Progress;
import jp.jukihub.testing.Eventually;
import jp.jukihub.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trail against a real PostgreSQL: group commit, fail-closed, and every kind of tampering named
 * by the verifier.
 */
class AuditTrailIT {
  static final AuditSigningKey KEY = AuditSigningKey.of(new byte[32]);
  static final int RECORDS = 600;

  static AuditSettings settings(String chain) {
    return new AuditSettings(chain, 4_096, 100, 2, 100, 60_000, 5_000, 100);
  }

  /**
   * Writes n records on chain "hub-1" concurrently from four threads; waits until all are durable.
   */
  static DatabaseTarget trailOf(int n) throws Exception {
    return trailOf(n, AuditEvents::lookup);
  }

  /** As {@link #trailOf(int)}, with event i made by {@code events}. */
  static DatabaseTarget trailOf(int n, IntFunction<AuditEvent> events) throws Exception {
    DatabaseTarget target = TestDatabases.fresh();
    try (DurableAuditTrail trail =
        DurableAuditTrail.start(
            target, settings("hub-1"), KEY, Clock.systemUTC(), new SimpleMeterRegistry())) {
      List<Future<Void>> appended = new ArrayList<>();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int offset = t;
        Thread thread =
            new Thread(
                () -> {
                  for (int i = offset; i < n; i += 4) {
                    Future<Void> future = trail.append(events.apply(i));
                    synchronized (appended) {
                      appended.add(future);
                    }
                  }
                });
        threads.add(thread);
        thread.start();
      }
      for (Thread thread : threads) {
        thread.join();
      }
      for (Future<Void> future : appended) {
        future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    }
    return target;
  }

  static List<ChainReport> verify(DatabaseTarget target) throws SQLException {
    return new AuditVerification(AuditKeyRing.of(KEY.publicKey()), Progress.SILENT)
        .database(target, null, null);
  }

  static Finding findingAfter(Consumer<Connection> tampering) throws Exception {
    DatabaseTarget target = trailOf(RECORDS);
    try (Connection connection = TestDatabases.tampering(target)) {
      tampering.accept(connection);
    }
    List<ChainReport> reports = verify(target);
    assertThat(reports).hasSize(1);
    assertThat(reports.get(0).finding()).as("tampering must be found").isPresent();
    return reports.get(0).finding().orElseThrow();
  }

  static void sql(Connection connection, String... statements) {
    try (Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void should_commit_every_record_in_grouped_signed_batches_and_verify_intact() throws Exception {
    DatabaseTarget target = trailOf(RECORDS);
    List<ChainReport> reports = verify(target);
    assertThat(reports)
        .singleElement()
        .satisfies(
            report -> {
              assertThat(report.intact()).as(report.describe()).isTrue();
              assertThat(report.records()).isEqualTo(RECORDS);
              assertThat(report.firstSeq()).isEqualTo(1);
              assertThat(report.lastSeq()).isEqualTo(RECORDS);
              assertThat(report.checkpoints()).isGreaterThanOrEqualTo(RECORDS / 100);
            });
    try (Connection connection = target.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT count(DISTINCT request_id), max(seq), count(*) FILTER (WHERE subject IS NULL) FROM audit.record")) {
      row.next();
      assertThat(row.getLong(1)).as("one record per request").isEqualTo(RECORDS);
      assertThat(row.getLong(2)).isEqualTo(RECORDS);
      assertThat(row.getLong(3)).isZero();
    }
  }

  @Test
  void should_commit_through_a_role_that_can_add_records_but_never_change_or_delete_them()
      throws Exception {
    DatabaseTarget target = trailOf(10);
    AuditBatchStore committer = AuditBatchStore.openCommitter(target, 5_000);
    try {
      assertThat(committer.currentRole()).isEqualTo(AuditBatchStore.WRITER_ROLE);
    } finally {
      committer.close();
    }
    try (Connection connection = target.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("SET ROLE " + AuditBatchStore.WRITER_ROLE);
      for (String tampering :
          List.of(
              "UPDATE audit.record SET operator = 'mallory' WHERE seq = 3",
              "DELETE FROM audit.record WHERE seq = 3",
              "DELETE FROM audit.checkpoint",
              "TRUNCATE audit.record")) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> statement.execute(tampering))
            .as(tampering)
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("permission denied");
      }
    }
    assertThat(verify(target))
        .singleElement()
        .satisfies(report -> assertThat(report.intact()).isTrue());
  }

  @Test
  void should_read_back_and_verify_every_counterpart_when_records_with_and_without_one_mix()
      throws Exception {
    DatabaseTarget target = trailOf(90, AuditEvents::mixed);
    Map<String, String> counterparts = new HashMap<>();
    try (Connection connection = target.dataSource().getConnection()) {
      AuditRows.beginSnapshot(connection);
      AuditRows.stream(
          connection,
          null,
          null,
          record -> counterparts.put(record.event().requestId(), record.event().counterpart()));
      connection.commit();
    }
    assertThat(counterparts).hasSize(90);
    counterparts.forEach(
        (requestId, counterpart) ->
            assertThat(counterpart).as(requestId).isEqualTo(AuditEvents.counterpartOf(requestId)));
    assertThat(counterparts.values()).containsOnly("lg-131016", null).contains(null, "lg-131016");
    assertThat(verify(target))
        .singleElement()
        .satisfies(report -> assertThat(report.intact()).as(report.describe()).isTrue());
  }

  @Test
  void should_name_a_record_whose_counterpart_was_changed_removed_or_added() throws Exception {
    DatabaseTarget target = trailOf(90, AuditEvents::mixed);
    try (Connection c = TestDatabases.tampering(target)) {
      long exchange = longOf(c, "SELECT min(seq) FROM audit.record WHERE counterpart IS NOT NULL");
      long other = longOf(c, "SELECT min(seq) FROM audit.record WHERE counterpart IS NULL");
      Map<String, Long> tamperings = new LinkedHashMap<>();
      tamperings.put("counterpart = 'nta'", exchange);
      tamperings.put("counterpart = NULL", exchange); // passed off as a record of no exchange
      tamperings.put("counterpart = 'lg-131016'", other);
      for (Map.Entry<String, Long> tampering : tamperings.entrySet()) {
        sql(
            c,
            "UPDATE audit.record SET "
                + tampering.getKey()
                + " WHERE seq = "
                + tampering.getValue());
        assertThat(verify(target))
            .singleElement()
            .satisfies(
                report ->
                    assertThat(report.finding())
                        .as(tampering.toString())
                        .hasValueSatisfying(
                            f -> {
                              assertThat(f.kind()).isEqualTo(Finding.Kind.MODIFIED);
                              assertThat(f.seq()).isEqualTo(tampering.getValue());
                            }));
        sql(
            c,
            "UPDATE audit.record SET counterpart = 'lg-131016' WHERE seq = " + exchange,
            "UPDATE audit.record SET counterpart = NULL WHERE seq = " + other);
        assertThat(verify(target))
            .as("restored after " + tampering)
            .singleElement()
            .satisfies(report -> assertThat(report.intact()).as(report.describe()).isTrue());
      }
    }
  }

  @Test
  void should_name_a_modified_record() throws Exception {
    Finding finding =
        findingAfter(c -> sql(c, "UPDATE audit.record SET operator = 'mallory' WHERE seq = 42"));
    assertThat(finding.kind()).isEqualTo(Finding.Kind.MODIFIED);
    assertThat(finding.seq()).isEqualTo(42);
  }

  @Test
  void should_name_a_deleted_record() throws Exception {
    Finding finding = findingAfter(c -> sql(c, "DELETE FROM audit.record WHERE seq = 42"));
    assertThat(finding.kind()).isEqualTo(Finding.Kind.DELETED);
    assertThat(finding.seq()).isEqualTo(42);
  }

  @Test
  void should_name_an_inserted_record_even_when_it_links_to_its_predecessor() throws Exception {
    Finding finding =
        findingAfter(
            c -> {
              sql(
                  c,
                  "UPDATE audit.record SET seq = seq + 1000000 WHERE seq >= 42",
                  "UPDATE audit.record SET seq = seq - 999999 WHERE seq >= 1000000");
              try (PreparedStatement select =
                      c.prepareStatement(
                          "SELECT " + AuditRows.COLUMNS + " FROM audit.record WHERE seq = 41");
                  ResultSet row = select.executeQuery()) {
                row.next();
                ChainedRecord before = AuditRows.record(row);
                var forgedAt = before.occurredAt().plusNanos(1000);
                AuditEvent event = AuditEvents.lookup(9999);
                byte[] hash = new RecordHasher().hash(before.hash(), "hub-1", 42, forgedAt, event);
                AuditRowCopy.copy(
                    c,
                    List.of(new ChainedRecord("hub-1", 42, forgedAt, event, before.hash(), hash)));
              } catch (SQLException e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(finding.kind()).isEqualTo(Finding.Kind.INSERTED);
    assertThat(finding.seq()).isEqualTo(42);
  }

  @Test
  void should_name_reordered_records() throws Exception {
    Finding finding =
        findingAfter(
            c ->
                sql(
                    c,
                    "UPDATE audit.record SET seq = -1 WHERE seq = 42",
                    "UPDATE audit.record SET seq = 42 WHERE seq = 43",
                    "UPDATE audit.record SET seq = 43 WHERE seq = -1"));
    assertThat(finding.kind()).isEqualTo(Finding.Kind.REORDERED);
    assertThat(finding.seq()).isEqualTo(42);
  }

  @Test
  void should_name_a_forged_checkpoint() throws Exception {
    long[] forged = new long[1];
    Finding finding =
        findingAfter(
            c -> {
              forged[0] = longOf(c, "SELECT min(seq) FROM audit.checkpoint");
              sql(
                  c,
                  "UPDATE audit.checkpoint SET signature = decode(repeat('ab', 64), 'hex') WHERE seq = "
                      + forged[0]);
            });
    assertThat(finding.kind()).isEqualTo(Finding.Kind.FORGED_CHECKPOINT);
    assertThat(finding.seq()).isEqualTo(forged[0]);
  }

  @Test
  void should_catch_a_chain_rewritten_with_valid_hashes_at_the_next_signed_checkpoint()
      throws Exception {
    long[] around = new long[2];
    Finding finding =
        findingAfter(
            c -> {
              around[0] =
                  longOf(c, "SELECT coalesce(max(seq), 0) FROM audit.checkpoint WHERE seq < 342");
              around[1] = longOf(c, "SELECT min(seq) FROM audit.checkpoint WHERE seq >= 342");
              try (PreparedStatement select =
                      c.prepareStatement(
                          "SELECT "
                              + AuditRows.COLUMNS
                              + " FROM audit.record WHERE seq >= 341 ORDER BY seq");
                  PreparedStatement update =
                      c.prepareStatement(
                          "UPDATE audit.record SET operator = ?, prev_hash = ?, hash = ? WHERE seq = ?")) {
                RecordHasher hasher = new RecordHasher();
                byte[] prev = null;
                try (ResultSet rows = select.executeQuery()) {
                  while (rows.next()) {
                    ChainedRecord record = AuditRows.record(rows);
                    if (prev == null) {
                      prev = record.prevHash();
                    }
                    AuditEvent event = record.event();
                    if (record.seq() == 342) {
                      event =
                          new AuditEvent(
                              event.requestId(),
                              event.body(),
                              "mallory",
                              event.zone(),
                              event.route(),
                              event.affair(),
                              event.firewallRule(),
                              event.subject(),
                              event.fields(),
                              event.outcome(),
                              event.status(),
                              event.latencyMicros(),
                              event.requestHash(),
                              event.answerHash(),
                              event.counterpart());
                    }
                    byte[] hash =
                        hasher.hash(prev, record.chain(), record.seq(), record.occurredAt(), event);
                    update.setString(1, event.operator());
                    update.setBytes(2, prev);
                    update.setBytes(3, hash);
                    update.setLong(4, record.seq());
                    update.executeUpdate();
                    prev = hash;
                  }
                }
                try (PreparedStatement head =
                    c.prepareStatement("UPDATE audit.chain_head SET hash = ?")) {
                  head.setBytes(1, prev);
                  head.executeUpdate();
                }
              } catch (SQLException e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(finding.kind()).isEqualTo(Finding.Kind.REWRITTEN);
    assertThat(finding.seq())
        .as("first record after the last good checkpoint")
        .isEqualTo(around[0] + 1);
    assertThat(finding.message()).contains("records " + (around[0] + 1) + " to " + around[1]);
  }

  @Test
  void should_notice_deleted_checkpoints_that_would_hide_a_rewrite() throws Exception {
    Finding finding =
        findingAfter(
            c ->
                sql(
                    c,
                    "DELETE FROM audit.checkpoint WHERE seq > (SELECT min(seq) FROM audit.checkpoint)"));
    assertThat(finding.kind()).isEqualTo(Finding.Kind.CHECKPOINT_MISSING);
  }

  @Test
  void should_refuse_a_second_writer_on_the_same_chain_instead_of_forking_it() throws Exception {
    DatabaseTarget target = TestDatabases.fresh();
    try (DurableAuditTrail first =
            DurableAuditTrail.start(
                target, settings("hub-1"), KEY, Clock.systemUTC(), new SimpleMeterRegistry());
        DurableAuditTrail second =
            DurableAuditTrail.start(
                target, settings("hub-1"), KEY, Clock.systemUTC(), new SimpleMeterRegistry())) {
      await(first.append(AuditEvents.lookup(1)));
      Throwable refused = failure(second.append(AuditEvents.lookup(2)));
      assertThat(((HubException) refused).code()).isEqualTo(ErrorCode.AUDIT_UNAVAILABLE);
      awaitAvailable(second);
      await(second.append(AuditEvents.lookup(3))); // continues from the head the store holds
      Throwable stale = failure(first.append(AuditEvents.lookup(4)));
      assertThat(((HubException) stale).code()).isEqualTo(ErrorCode.AUDIT_UNAVAILABLE);
      awaitAvailable(first);
      await(first.append(AuditEvents.lookup(5)));
    }
    assertThat(verify(target))
        .singleElement()
        .satisfies(
            report -> {
              assertThat(report.intact()).as(report.describe()).isTrue();
              assertThat(report.records())
                  .as("records 1, 3 and 5, one chain, no fork")
                  .isEqualTo(3);
            });
  }

  @Test
  void should_name_records_cut_from_the_end() throws Exception {
    Finding finding = findingAfter(c -> sql(c, "DELETE FROM audit.record WHERE seq > 555"));
    assertThat(finding.kind()).isEqualTo(Finding.Kind.TRUNCATED);
    assertThat(finding.seq()).isEqualTo(556);
  }

  @Test
  void should_fail_closed_while_the_store_is_down_and_resume_the_same_chain_when_it_is_back()
      throws Exception {
    DatabaseTarget target = TestDatabases.fresh();
    DatabaseTarget admin = TestDatabases.server();
    try (DurableAuditTrail trail =
        DurableAuditTrail.start(
            target, settings("hub-1"), KEY, Clock.systemUTC(), new SimpleMeterRegistry())) {
      await(trail.append(AuditEvents.lookup(1)));
      try (Connection connection = admin.dataSource().getConnection()) {
        sql(
            connection,
            "ALTER DATABASE " + target.database() + " ALLOW_CONNECTIONS false",
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                + target.database()
                + "'");
      }
      Throwable refused = failure(trail.append(AuditEvents.lookup(2)));
      assertThat(refused).isInstanceOf(HubException.class);
      assertThat(((HubException) refused).code()).isEqualTo(ErrorCode.AUDIT_UNAVAILABLE);
      assertThat(trail.unavailable()).isPresent();
      Throwable fast = failure(trail.append(AuditEvents.lookup(3)));
      assertThat(((HubException) fast).code()).isEqualTo(ErrorCode.AUDIT_UNAVAILABLE);
      try (Connection connection = admin.dataSource().getConnection()) {
        sql(connection, "ALTER DATABASE " + target.database() + " ALLOW_CONNECTIONS true");
      }
      awaitAvailable(trail);
      await(trail.append(AuditEvents.lookup(4)));
    }
    List<ChainReport> reports = verify(target);
    assertThat(reports)
        .singleElement()
        .satisfies(
            report -> {
              assertThat(report.intact()).as(report.describe()).isTrue();
              assertThat(report.records()).as("the refused requests left no record").isEqualTo(2);
            });
  }

  @Test
  void should_witness_every_checkpoint_outside_the_database_and_catch_a_resigned_rewrite(
      @TempDir Path dir) throws Exception {
    DatabaseTarget target = TestDatabases.fresh();
    Path witness = dir.resolve("witness").resolve("audit-witness.log");
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (DurableAuditTrail trail =
        DurableAuditTrail.start(
            target, settings("hub-1"), KEY, Clock.systemUTC(), registry, witness)) {
      for (int i = 0; i < 250; i++) {
        trail
            .append(AuditEvents.lookup(i))
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
      }
      assertThat(trail.witnessProblem()).isEmpty();
    }
    assertThat(registry.get("hub.audit.witness.seq").tag("chain", "hub-1").gauge().value())
        .as("the head, signed at close, is the last line witnessed")
        .isEqualTo(250);
    AuditWitness.Reading reading = AuditWitness.read(witness);
    AuditVerification withWitness =
        new AuditVerification(AuditKeyRing.of(KEY.publicKey()), Progress.SILENT)
            .withWitness(reading);
    assertThat(withWitness.database(target, null, null))
        .singleElement()
        .satisfies(report -> assertThat(report.intact()).as(report.describe()).isTrue());

    TrailForgery.rewriteAndResign(target, "hub-1", 150, KEY);
    assertThat(verify(target))
        .singleElement()
        .satisfies(report -> assertThat(report.intact()).as("fooled alone").isTrue());
    long first = reading.chains().get("hub-1").ceilingKey(150L);
    assertThat(withWitness.database(target, null, null))
        .singleElement()
        .satisfies(
            report ->
                assertThat(report.finding())
                    .hasValueSatisfying(
                        finding -> {
                          assertThat(finding.kind()).isEqualTo(Finding.Kind.WITNESS_MISMATCH);
                          assertThat(finding.seq()).isEqualTo(first);
                        }));
  }

  static long longOf(Connection connection, String query) {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(query)) {
      row.next();
      return row.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static void awaitAvailable(DurableAuditTrail trail) throws Exception {
    Eventually.until(
        Duration.ofSeconds(10),
        "the audit trail is available again",
        trail::unavailable,
        unavailable -> unavailable.isEmpty());
  }

  static void await(Future<Void> future) throws Exception {
    future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static Throwable failure(Future<Void> future) throws Exception {
    try {
      await(future);
      throw new AssertionError("the append succeeded");
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    }
  }
}
