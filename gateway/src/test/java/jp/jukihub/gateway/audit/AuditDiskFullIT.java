package jp.jukihub.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import jp.jukihub.audit.AuditPublicKey;
import jp.jukihub.audit.AuditVerification;
import jp.jukihub.audit.ChainReport;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.gateway.HubServer;
import jp.jukihub.gateway.config.HubConfigLoader;
import jp.jukihub.gateway.config.HubOptions;
import jp.jukihub.gateway.testing.FaultChecks;
import jp.jukihub.gateway.testing.FaultLoad;
import jp.jukihub.gateway.testing.FaultLoad.Answer;
import jp.jukihub.progress.Progress;
import jp.jukihub.testing.Eventually;
import jp.jukihub.testing.FaultyPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail on storage of its own (a tablespace on a small tmpfs, as README's "The audit
 * trail on its own storage" moves it), which fills up under load: audited requests fail closed with
 * 503 AUDIT_UNAVAILABLE, none is answered without its record, the hub recovers by itself when space
 * returns, and the chain verifies afterwards. Needs root (mount); the server is this class's own.
 */
class AuditDiskFullIT {
  private static final Logger log = LoggerFactory.getLogger(AuditDiskFullIT.class);
  private static final String DISK_SIZE = "8m";

  @TempDir static Path data;
  static Path disk;
  static boolean mounted;
  static FaultyPostgres postgres;
  static DatabaseTarget database;
  static HubServer hub;
  static List<String> myNumbers;

  @BeforeAll
  static void start() throws Exception {
    disk = Files.createDirectories(data.resolve("audit-disk"));
    run("mount", "-t", "tmpfs", "-o", "size=" + DISK_SIZE + ",mode=0700", "tmpfs", disk.toString());
    mounted = true;
    postgres = FaultyPostgres.start(data.resolve("pg"));
    database = postgres.fresh("audit_disk");
    Path tablespace = Files.createDirectories(disk.resolve("pg"));
    moveAuditTo(tablespace);
    HubOptions options =
        HubConfigLoader.load(
                null,
                Map.of(
                    "JUKIHUB_DATA_DIR",
                    data.resolve("hub").toString(),
                    "JUKIHUB_INSTANCE",
                    "audit-disk"))
            .withFreeLoopbackPorts();
    hub = HubServer.start(options, database, true);
    myNumbers = FaultLoad.residents(hub.apiPort(), database, 10);
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (hub != null) {
        hub.close();
      }
      if (postgres != null) {
        postgres.close();
      }
    } finally {
      if (mounted) {
        run("umount", "-l", disk.toString());
      }
    }
  }

  /**
   * The operator's move (README, "The audit trail on its own storage"): the trail's tables, their
   * indexes and every monthly partition into the tablespace, and the partitioned parents' default,
   * so months made later land there too.
   */
  private static void moveAuditTo(Path directory) throws Exception {
    try (Connection connection = database.dataSource().getConnection();
        Statement sql = connection.createStatement()) {
      sql.execute("CREATE TABLESPACE audit_disk LOCATION '" + directory + "'");
      sql.execute(
          """
          DO $$
          DECLARE r record;
          BEGIN
            FOR r IN SELECT c.oid::regclass AS name, c.relkind FROM pg_class c
                     JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE n.nspname = 'audit' AND c.relkind IN ('r', 'p', 'i', 'I')
                     ORDER BY c.relkind DESC LOOP
              IF r.relkind IN ('i', 'I') THEN
                EXECUTE format('ALTER INDEX %s SET TABLESPACE audit_disk', r.name);
              ELSE
                EXECUTE format('ALTER TABLE %s SET TABLESPACE audit_disk', r.name);
              END IF;
            END LOOP;
          END $$""");
    }
  }

  @Test
  void should_fail_closed_and_recover_by_itself_when_the_audit_disk_is_full() throws Exception {
    Path filler = disk.resolve("filler");
    FaultLoad load = FaultLoad.start(hub.apiPort(), "disk", myNumbers, 100, 0);
    long freed;
    long recovered;
    try {
      Eventually.until(
          Duration.ofSeconds(30),
          "200 answers before the disk fills",
          () -> load.count(Answer::ok) >= 100);
      long full = fill(filler);
      Eventually.until(
          Duration.ofSeconds(30),
          "503 AUDIT_UNAVAILABLE once the disk is full",
          () ->
              load.count(
                      answer ->
                          answer.startNanos() > full && "AUDIT_UNAVAILABLE".equals(answer.code()))
                  >= 50);
      Files.delete(filler);
      freed = System.nanoTime();
      Eventually.until(
          Duration.ofSeconds(30),
          "lookups answered 200 again once space returns",
          () -> load.count(answer -> answer.startNanos() > freed && answer.ok()) >= 50);
      recovered =
          load.answers().stream()
              .filter(answer -> answer.startNanos() > freed && answer.ok())
              .mapToLong(Answer::endNanos)
              .min()
              .orElseThrow();
    } finally {
      load.close();
    }
    List<Answer> answers = load.answers();
    log.info(
        "audit disk full: {} answers ({}); answering 200 again {} ms after space returned",
        answers.size(),
        FaultChecks.statuses(answers),
        (recovered - freed) / 1_000_000);
    FaultChecks.assertOnlyOkOr503(answers);
    FaultChecks.assertEveryAnswerRecorded(database, answers);
    AuditPublicKey key =
        AuditPublicKey.fromSigningKeyFile(
            data.resolve("hub").resolve("keys").resolve("audit-signing.key"));
    List<ChainReport> reports =
        new AuditVerification(key, Progress.SILENT).database(database, null, null);
    assertThat(reports)
        .isNotEmpty()
        .allSatisfy(report -> assertThat(report.intact()).as(report.describe()).isTrue());
  }

  /** Fills the disk to the last byte; returns when it was full. */
  private static long fill(Path filler) throws IOException {
    byte[] chunk = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(chunk);
      }
    } catch (IOException noSpace) {
      if (!String.valueOf(noSpace.getMessage()).contains("No space left")) {
        throw noSpace;
      }
    }
    return System.nanoTime();
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output);
    }
  }
}
