package jp.jukihub.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import jp.jukihub.audit.AuditPublicKey;
import jp.jukihub.audit.AuditVerification;
import jp.jukihub.audit.ChainReport;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.gateway.testing.ChildHub;
import jp.jukihub.progress.Progress;
import jp.jukihub.testing.Eventually;
import jp.jukihub.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub as a separate process, killed with SIGKILL while clients hammer an audited route: every
 * answer a client received with status 200 must have its record, and the chain must verify, also
 * after the restarted hub has continued it.
 */
class AuditCrashIT {

  @TempDir Path data;

  @Test
  void should_keep_a_record_of_every_200_answer_when_the_hub_is_killed_mid_load() throws Exception {
    DatabaseTarget database = TestDatabases.fresh();
    ChildHub hub = ChildHub.start(database, data, "crash-hub", List.of());
    Set<String> answered = ConcurrentHashMap.newKeySet();
    AtomicBoolean dead = new AtomicBoolean();
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < 8; c++) {
      int client = c;
      Thread thread =
          new Thread(
              () -> {
                for (int i = 0; !dead.get() || i % 50 != 0; i++) {
                  String id = "crash-" + client + "-" + i;
                  try {
                    if (hub.send("auditor", "GET", "/v1/audit/records?limit=1", null, id)
                            .statusCode()
                        == 200) {
                      answered.add(id);
                    }
                  } catch (Exception connectionLost) {
                    return;
                  }
                }
              });
      clients.add(thread);
      thread.start();
    }
    // Killed once the load is well under way (at least 2 s in, and past 50 answers, however busy
    // the machine).
    Thread.sleep(2_000);
    try {
      Eventually.until(
          Duration.ofSeconds(30),
          "more than 50 answers before the kill",
          () -> answered.size() > 50);
    } finally {
      hub.kill(); // SIGKILL: no shutdown hook, no flush, no goodbye
      dead.set(true);
    }
    for (Thread thread : clients) {
      thread.join(10_000);
    }
    assertThat(answered).as("the load reached the hub before the kill").hasSizeGreaterThan(50);
    assertThat(recorded(database, answered))
        .as("every 200 answer has its record")
        .isEqualTo(answered);
    assertIntact(database);

    ChildHub restarted = ChildHub.start(database, data, "crash-hub", List.of());
    try {
      assertThat(
              restarted
                  .send("auditor", "GET", "/v1/audit/records?limit=1", null, "after-restart")
                  .statusCode())
          .isEqualTo(200);
    } finally {
      restarted.stop();
    }
    assertThat(recorded(database, Set.of("after-restart"))).containsExactly("after-restart");
    assertIntact(database);
  }

  private void assertIntact(DatabaseTarget database) throws Exception {
    AuditPublicKey key =
        AuditPublicKey.fromSigningKeyFile(data.resolve("keys").resolve("audit-signing.key"));
    List<ChainReport> reports =
        new AuditVerification(key, Progress.SILENT).database(database, null, null);
    assertThat(reports)
        .isNotEmpty()
        .allSatisfy(report -> assertThat(report.intact()).as(report.describe()).isTrue());
  }

  private static Set<String> recorded(DatabaseTarget database, Set<String> requestIds)
      throws Exception {
    Set<String> found = new HashSet<>();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT request_id FROM audit.record WHERE request_id = ANY (?)")) {
      Array ids = connection.createArrayOf("text", requestIds.toArray());
      select.setArray(1, ids);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          found.add(rows.getString(1));
        }
      }
    }
    return found;
  }
}
