package jp.jukihub.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
              () -> usersOf(database),
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

  /** Who is connected to the test database, but this query's own connection. */
  private static Set<String> usersOf(DatabaseTarget database) throws Exception {
    Set<String> users = new TreeSet<>();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT usename FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND pid <> pg_backend_pid()");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        users.add(rows.getString(1));
      }
    }
    return users;
  }
}
