package jp.jukihub.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.gateway.config.HubConfigLoader;
import jp.jukihub.gateway.config.HubOptions;
import jp.jukihub.testing.Eventually;
import jp.jukihub.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running hub logs in to its database only as its least-privilege roles, one per job, never as
 * the owner.
 */
class HubDatabaseRolesIT {
  @TempDir Path data;

  @Test
  void should_connect_only_as_the_runtime_roles_when_serving() throws Exception {
    DatabaseTarget database = TestDatabases.fresh();
    HubOptions options =
        HubConfigLoader.load(
                null, Map.of("JUKIHUB_DATA_DIR", data.toString(), "JUKIHUB_INSTANCE", "roles"))
            .withFreeLoopbackPorts();
    try (HubServer hub = HubServer.start(options, database, true)) {
      // Lanes connect at start: the shippers (register), the change listener (reader), J-LIS's
      // revocation session (jpki), the register's token lane (provision), the audit writer.
      Set<String> lanes =
          Set.of(
              "jukihub_register",
              "jukihub_reader",
              "jukihub_jpki",
              "jukihub_provision",
              "jukihub_audit_writer");
      Set<String> users =
          Eventually.until(
              Duration.ofSeconds(20),
              "the hub's lanes and audit writer connected",
              () -> TestDatabases.connectedUsers(database),
              seen -> seen.containsAll(lanes));
      assertThat(users)
          .isSubsetOf(
              "jukihub_reader",
              "jukihub_register",
              "jukihub_jpki",
              "jukihub_provision",
              "jukihub_portal",
              "jukihub_auditor",
              "jukihub_audit_writer");
    }
  }
}
