package jp.jukihub.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import jp.jukihub.database.DatabaseRole;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.progress.Progress;
import jp.jukihub.testing.TestDatabases;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backup media and retention: export a month, verify it offline, prune only what was exported. */
class AuditExportPruneIT {
  static final AuditSigningKey KEY = AuditTrailIT.KEY;
  static final YearMonth OLD = YearMonth.of(2018, 3);
  static final Clock NOW = Clock.fixed(Instant.parse("2026-11-24T03:00:00Z"), ZoneOffset.UTC);

  @TempDir Path media;
  DatabaseTarget target;

  /**
   * 50 records written in March 2018, then 20 written now, on one chain; every third names a
   * counterpart (seq 1, 4, 7, ...).
   */
  @BeforeEach
  void writeTwoEras() throws Exception {
    target = TestDatabases.fresh();
    write(Clock.fixed(Instant.parse("2018-03-15T09:00:00Z"), ZoneOffset.UTC), 0, 50);
    write(NOW, 50, 20);
  }

  void write(Clock clock, int from, int count) throws Exception {
    try (DurableAuditTrail trail =
        DurableAuditTrail.start(
            target, AuditTrailIT.settings("hub-1"), KEY, clock, new SimpleMeterRegistry())) {
      List<Future<Void>> appended = new ArrayList<>();
      for (int i = from; i < from + count; i++) {
        appended.add(trail.append(AuditEvents.mixed(i)));
      }
      for (Future<Void> future : appended) {
        AuditTrailIT.await(future);
      }
    }
  }

  List<ChainReport> verifyFile(Path file) throws Exception {
    return new AuditVerification(KEY.publicKey(), Progress.SILENT).export(file);
  }

  @Test
  void should_export_a_month_that_verifies_offline_and_fails_when_a_line_is_edited_or_cut()
      throws Exception {
    AuditExport.Summary summary =
        new AuditExport(KEY, AuditKeyRing.of(KEY.publicKey()), NOW, Progress.SILENT)
            .export(target, OLD, media);
    assertThat(summary.records()).isEqualTo(50);
    assertThat(Files.readAllLines(summary.recordsFile())).hasSize(50);

    List<ChainReport> intact = verifyFile(summary.manifestFile());
    assertThat(intact)
        .singleElement()
        .satisfies(
            report -> {
              assertThat(report.intact()).as(report.describe()).isTrue();
              assertThat(report.records()).isEqualTo(50);
              assertThat(report.checkpoints()).isPositive();
            });
    List<String> exported = Files.readAllLines(summary.recordsFile(), StandardCharsets.UTF_8);
    assertThat(exported)
        .as("records with a counterpart and without, in one verified month")
        .filteredOn(line -> line.contains("\"counterpart\":\"lg-131016\""))
        .hasSize(17);

    List<String> stripped = new ArrayList<>(exported);
    stripped.set(3, stripped.get(3).replace("\"counterpart\":\"lg-131016\",", ""));
    assertThat(stripped.get(3)).doesNotContain("counterpart");
    Files.write(summary.recordsFile(), stripped, StandardCharsets.UTF_8);
    assertThat(verifyFile(summary.manifestFile()))
        .as("a counterpart cut from a line, to pass it off as no exchange")
        .anySatisfy(
            report ->
                assertThat(report.finding())
                    .hasValueSatisfying(
                        f -> {
                          assertThat(f.kind()).isEqualTo(Finding.Kind.MODIFIED);
                          assertThat(f.seq()).isEqualTo(4);
                        }));
    Files.write(summary.recordsFile(), exported, StandardCharsets.UTF_8);

    List<String> lines =
        new ArrayList<>(Files.readAllLines(summary.recordsFile(), StandardCharsets.UTF_8));
    lines.set(9, lines.get(9).replace("\"operator\":\"operator-", "\"operator\":\"mallory-"));
    Files.write(summary.recordsFile(), lines, StandardCharsets.UTF_8);
    List<ChainReport> edited = verifyFile(summary.recordsFile());
    assertThat(edited)
        .anySatisfy(
            report -> assertThat(report.describe()).contains("differs from the one exported"));
    assertThat(edited)
        .anySatisfy(
            report -> {
              assertThat(report.finding())
                  .hasValueSatisfying(
                      f -> {
                        assertThat(f.kind()).isEqualTo(Finding.Kind.MODIFIED);
                        assertThat(f.seq()).isEqualTo(10);
                      });
            });

    new AuditExport(KEY, AuditKeyRing.of(KEY.publicKey()), NOW, Progress.SILENT)
        .export(target, OLD, media);
    List<String> whole = Files.readAllLines(summary.recordsFile(), StandardCharsets.UTF_8);
    Files.write(summary.recordsFile(), whole.subList(0, 45), StandardCharsets.UTF_8);
    List<ChainReport> cut = verifyFile(summary.recordsFile());
    assertThat(cut)
        .anySatisfy(
            report -> {
              assertThat(report.finding())
                  .hasValueSatisfying(
                      f -> {
                        assertThat(f.kind()).isEqualTo(Finding.Kind.TRUNCATED);
                        assertThat(f.seq()).isEqualTo(46);
                      });
            });
  }

  @Test
  void should_refuse_to_export_a_month_that_does_not_verify() throws Exception {
    try (Connection connection = TestDatabases.tampering(target);
        Statement statement = connection.createStatement()) {
      statement.execute("UPDATE audit.record SET body_id = 'nta' WHERE seq = 7");
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new AuditExport(KEY, AuditKeyRing.of(KEY.publicKey()), NOW, Progress.SILENT)
                    .export(target, OLD, media))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not verify")
        .hasMessageContaining("record 7");
    assertThat(media).isEmptyDirectory();
  }

  @Test
  void should_refuse_a_forged_manifest_signed_by_another_key() throws Exception {
    AuditSigningKey other =
        AuditSigningKey.of(
            new byte[] {
              1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
              25, 26, 27, 28, 29, 30, 31, 32
            });
    AuditExport.Summary summary =
        new AuditExport(
                other,
                AuditKeyRing.of(List.of(KEY.publicKey(), other.publicKey())),
                NOW,
                Progress.SILENT)
            .export(target, OLD, media);
    assertThat(verifyFile(summary.manifestFile()))
        .anySatisfy(
            report ->
                assertThat(report.describe()).contains("manifest carries no valid signature"));
  }

  @Test
  void should_refuse_an_old_month_never_exported_when_the_prune_role_asks_the_database_itself() {
    // Past the retention, but not exported: audit.drop_month refuses it without the command.
    assertThatThrownBy(
            () -> {
              try (Connection connection =
                      target.as(DatabaseRole.AUDIT_PRUNE).dataSource().getConnection();
                  Statement statement = connection.createStatement()) {
                statement.execute("SELECT audit.drop_month('2018-03-01')");
              }
            })
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("export is missing");
  }

  @Test
  void should_prune_only_months_past_retention_that_were_exported_and_still_verify_after()
      throws Exception {
    AuditPrune prune = new AuditPrune(Period.ofYears(7), NOW);
    assertThat(prune.prune(target, false))
        .satisfiesExactly(
            march -> {
              assertThat(march.month()).isEqualTo(OLD);
              assertThat(march.dropped()).isFalse();
              assertThat(march.reason()).contains("never exported");
            },
            april -> {
              assertThat(april.month()).isEqualTo(OLD.plusMonths(1));
              assertThat(april.dropped()).as("the writer's empty month ahead").isTrue();
              assertThat(april.reason()).isEqualTo("empty");
            });

    new AuditExport(KEY, AuditKeyRing.of(KEY.publicKey()), NOW, Progress.SILENT)
        .export(target, OLD, media);
    assertThat(prune.prune(target, true))
        .singleElement()
        .satisfies(d -> assertThat(d.dropped()).isFalse());
    assertThat(prune.prune(target, false))
        .singleElement()
        .satisfies(
            decision -> {
              assertThat(decision.dropped()).isTrue();
              assertThat(decision.reason()).contains("50 records");
            });
    assertThat(prune.prune(target, false)).as("nothing left to prune").isEmpty();

    try (Connection connection = target.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT count(*), min(seq) FROM audit.record")) {
      row.next();
      assertThat(row.getLong(1)).isEqualTo(20);
      assertThat(row.getLong(2)).isEqualTo(51);
    }
    List<ChainReport> reports =
        new AuditVerification(KEY.publicKey(), Progress.SILENT).database(target, null, null);
    assertThat(reports)
        .singleElement()
        .satisfies(
            report -> {
              assertThat(report.intact()).as(report.describe()).isTrue();
              assertThat(report.firstSeq()).isEqualTo(51);
            });
  }

  @Test
  void should_keep_an_exported_month_while_an_older_one_is_kept_so_chains_stay_whole()
      throws Exception {
    target = TestDatabases.fresh();
    write(Clock.fixed(Instant.parse("2018-03-15T09:00:00Z"), ZoneOffset.UTC), 0, 30);
    write(Clock.fixed(Instant.parse("2018-05-15T09:00:00Z"), ZoneOffset.UTC), 30, 30);
    write(NOW, 60, 10);
    new AuditExport(KEY, AuditKeyRing.of(KEY.publicKey()), NOW, Progress.SILENT)
        .export(target, YearMonth.of(2018, 5), media);

    List<AuditPrune.Decision> decisions =
        new AuditPrune(Period.ofYears(7), NOW).prune(target, false);
    assertThat(decisions)
        .filteredOn(d -> d.month().equals(OLD))
        .singleElement()
        .satisfies(d -> assertThat(d.reason()).contains("never exported"));
    assertThat(decisions)
        .filteredOn(d -> d.month().equals(YearMonth.of(2018, 5)))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.dropped()).isFalse();
              assertThat(d.reason()).contains("older month 2018-03 is kept");
            });
    List<ChainReport> reports =
        new AuditVerification(KEY.publicKey(), Progress.SILENT).database(target, null, null);
    assertThat(reports)
        .singleElement()
        .satisfies(
            report -> {
              assertThat(report.intact()).as(report.describe()).isTrue();
              assertThat(report.records()).isEqualTo(70);
            });
  }

  @Test
  void should_verify_a_time_range_on_its_own() throws Exception {
    List<ChainReport> reports =
        new AuditVerification(KEY.publicKey(), Progress.SILENT)
            .database(
                target,
                Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2027-01-01T00:00:00Z"));
    assertThat(reports)
        .singleElement()
        .satisfies(
            report -> {
              assertThat(report.intact()).as(report.describe()).isTrue();
              assertThat(report.firstSeq()).isEqualTo(51);
              assertThat(report.records()).isEqualTo(20);
            });
  }
}
