package jp.jukihub.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.TimeUnit;
import jp.jukihub.audit.AuditEvent;
import jp.jukihub.audit.AuditSettings;
import jp.jukihub.audit.AuditSigningKey;
import jp.jukihub.audit.AuditWitness;
import jp.jukihub.audit.DurableAuditTrail;
import jp.jukihub.audit.TrailForgery;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.testing.TestDatabases;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hub audit} as an operator runs it: real arguments, exit codes and a real trail. */
class AuditCommandIT {
  @TempDir Path data;
  Path config;
  DatabaseTarget database;

  @BeforeEach
  void writeTrail() throws Exception {
    database = TestDatabases.fresh();
    config = data.resolve("hub.yaml");
    Files.writeString(
        config,
        "data:\n  directory: " + data + "\ndatabase:\n  url: " + database.uriWithPassword() + "\n");
    AuditSigningKey key =
        AuditSigningKey.loadOrCreate(data.resolve("keys").resolve("audit-signing.key"));
    try (DurableAuditTrail trail =
        DurableAuditTrail.start(
            database,
            new AuditSettings("cli-hub", 1024, 50, 2, 50, 60_000, 5_000, 100),
            key,
            Clock.systemUTC(),
            new SimpleMeterRegistry(),
            witness())) {
      List<Future<Void>> appended = new ArrayList<>();
      for (int i = 0; i < 120; i++) {
        appended.add(
            trail.append(
                new AuditEvent(
                    "cli-" + i,
                    "auditor",
                    "op",
                    "ops",
                    "audit.records",
                    null,
                    null,
                    null,
                    List.of(),
                    "ok",
                    200,
                    100,
                    new byte[32],
                    new byte[32],
                    i % 3 == 0 ? "jps" : null))); // every third an exchange with jps
      }
      for (Future<Void> future : appended) {
        future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void should_verify_export_and_verify_offline_and_exit_1_naming_the_record_after_tampering()
      throws Exception {
    HubCommandIT.Result intact = HubCommandIT.run("audit", "verify", "--config", config.toString());
    assertThat(intact.exitCode()).as(intact.out() + intact.err()).isZero();
    assertThat(intact.out())
        .contains("chain cli-hub: intact, records 1-120 (120)")
        .contains("audit trail intact");

    String month = YearMonth.now(ZoneOffset.UTC).toString();
    Path media = data.resolve("media");
    HubCommandIT.Result exported =
        HubCommandIT.run(
            "audit",
            "export",
            "--config",
            config.toString(),
            "--month",
            month,
            "--out",
            media.toString());
    assertThat(exported.exitCode()).as(exported.err()).isZero();
    assertThat(exported.out()).contains("exported 120 records of " + month);
    String publicKey =
        HubCommandIT.run("audit", "public-key", "--config", config.toString())
            .out()
            .split("\\s+")[0];
    assertThat(publicKey).matches("[0-9a-f]{64}");
    Path manifest = media.resolve("audit-" + month + ".manifest.json");
    HubCommandIT.Result offline =
        HubCommandIT.run(
            "audit", "verify", "--file", manifest.toString(), "--public-key", publicKey);
    assertThat(offline.exitCode()).as(offline.out()).isZero();

    try (Connection connection = TestDatabases.tampering(database);
        Statement statement = connection.createStatement()) {
      statement.execute("UPDATE audit.record SET status = 404 WHERE seq = 77");
    }
    HubCommandIT.Result tampered =
        HubCommandIT.run("audit", "verify", "--config", config.toString());
    assertThat(tampered.exitCode()).isEqualTo(1);
    assertThat(tampered.out())
        .contains("chain cli-hub: FAILED at record 77 [MODIFIED]")
        .contains("FAILED verification");
  }

  /** Where the hub puts its witness by default (audit.witnessFile under data.directory). */
  Path witness() {
    return data.resolve("witness").resolve("audit-witness.log");
  }

  @Test
  void should_fail_naming_the_first_witnessed_checkpoint_when_the_trail_was_rewritten_and_resigned()
      throws Exception {
    AuditWitness.Reading witnessed = AuditWitness.read(witness());
    assertThat(witnessed.warnings()).isEmpty();
    NavigableMap<Long, List<AuditWitness.Line>> checkpoints = witnessed.chains().get("cli-hub");
    assertThat(checkpoints).as("every checkpoint witnessed, the last at the head").isNotEmpty();
    assertThat(checkpoints.lastKey()).isEqualTo(120);
    // A crash mid-write leaves a torn last line: a warning, not a failure.
    Files.writeString(witness(), "witness-v1 cli-hub 12", StandardOpenOption.APPEND);

    HubCommandIT.Result before =
        HubCommandIT.run(
            "audit", "verify", "--config", config.toString(), "--witness", witness().toString());
    assertThat(before.exitCode()).as(before.out() + before.err()).isZero();
    assertThat(before.out())
        .contains("warning: witness line " + (witnessed.lines() + 1) + " is torn")
        .contains("chain cli-hub: intact, records 1-120 (120)")
        .contains(checkpoints.size() + " witnessed checkpoints match");

    // The attacker holds the database and the key file beside it.
    AuditSigningKey stolen =
        AuditSigningKey.load(data.resolve("keys").resolve("audit-signing.key"));
    TrailForgery.rewriteAndResign(database, "cli-hub", 77, stolen);

    HubCommandIT.Result alone = HubCommandIT.run("audit", "verify", "--config", config.toString());
    assertThat(alone.exitCode()).as("the re-signed trail fools verify on its own").isZero();
    assertThat(alone.out()).contains("chain cli-hub: intact, records 1-120 (120)");

    long first = checkpoints.ceilingKey(77L);
    HubCommandIT.Result caught =
        HubCommandIT.run(
            "audit", "verify", "--config", config.toString(), "--witness", witness().toString());
    assertThat(caught.exitCode()).as(caught.out() + caught.err()).isEqualTo(1);
    assertThat(caught.out())
        .contains("chain cli-hub: FAILED at record " + first + " [WITNESS_MISMATCH]")
        .contains("the witnessed checkpoint at record " + first + " of chain cli-hub")
        .contains("rewritten and re-signed")
        .contains("FAILED verification");
  }

  @Test
  void should_exit_2_on_bad_arguments() {
    assertThat(HubCommandIT.run("audit").exitCode()).isEqualTo(2);
    assertThat(
            HubCommandIT.run(
                    "audit",
                    "export",
                    "--config",
                    config.toString(),
                    "--month",
                    "2026-13",
                    "--out",
                    "x")
                .exitCode())
        .isEqualTo(2);
    assertThat(
            HubCommandIT.run(
                    "audit", "verify", "--config", config.toString(), "--from", "yesterday")
                .exitCode())
        .isEqualTo(2);
    assertThat(
            HubCommandIT.run(
                    "audit",
                    "verify",
                    "--config",
                    config.toString(),
                    "--from",
                    "2026-02-01T00:00:00Z",
                    "--to",
                    "2026-01-01T00:00:00Z")
                .exitCode())
        .isEqualTo(2);
    assertThat(
            HubCommandIT.run(
                    "audit",
                    "verify",
                    "--config",
                    config.toString(),
                    "--witness",
                    data.resolve("nowhere.log").toString())
                .exitCode())
        .isEqualTo(2);
    assertThat(
            HubCommandIT.run(
                    "audit",
                    "verify",
                    "--config",
                    config.toString(),
                    "--witness",
                    witness().toString(),
                    "--from",
                    "2026-01-01T00:00:00Z")
                .exitCode())
        .isEqualTo(2);
  }
}
