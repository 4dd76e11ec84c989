package jp.jukihub.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import jp.jukihub.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded cluster asks every login for its password (scram-sha-256, no trust line), keeps the
 * secret owner-only, moves a cluster made with trust over at its next start, and the hub refuses a
 * server where it cannot use its least-privilege roles unless told to accept the owner's rights.
 */
class DatabaseSecurityIT {
  @TempDir Path directory;

  @Test
  void should_refuse_a_login_without_its_password_when_the_cluster_is_new() throws Exception {
    Path data = directory.resolve("data");
    try (Database database = Database.open(new DatabaseOptions(null, data.resolve("pg"), 4))) {
      DatabaseTarget owner = database.target();
      assertRefusedWithoutPassword(owner);
      assertThat(Files.readString(data.resolve("pg").resolve("pg_hba.conf")))
          .doesNotContain("trust")
          .contains("scram-sha-256");
      Path keyFile = data.resolve("keys").resolve(DatabasePasswords.KEY_FILE);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
          .isEqualTo("rw-------");
      assertThat(
              TestDatabases.scalar(
                  owner,
                  "SELECT rolpassword LIKE 'SCRAM-SHA-256$%' FROM pg_authid WHERE rolname = 'postgres'"))
          .isEqualTo(true);
      for (DatabaseRole role : DatabaseRole.values()) {
        DatabaseTarget login = owner.as(role);
        assertThat(TestDatabases.scalar(login, "SELECT current_user")).isEqualTo(role.roleName());
        assertRefusedWithoutPassword(login);
      }
    }
  }

  @Test
  void should_require_passwords_when_an_earlier_hub_made_the_cluster_with_trust() throws Exception {
    Path cluster = directory.resolve("data").resolve("pg");
    // What the hub before issue 17 made: zonky's default, trust for everyone.
    try (EmbeddedPostgres old =
        EmbeddedPostgres.builder()
            .setDataDirectory(cluster)
            .setCleanDataDirectory(false)
            .setPGStartupWait(Duration.ofSeconds(60))
            .start()) {
      assertThat(Files.readString(cluster.resolve("pg_hba.conf"))).contains("trust");
    }
    try (Database database = Database.open(new DatabaseOptions(null, cluster, 4))) {
      assertThat(Files.readString(cluster.resolve("pg_hba.conf"))).doesNotContain("trust");
      assertRefusedWithoutPassword(database.target());
      assertThat(
              TestDatabases.scalar(
                  database.target().as(DatabaseRole.READER), "SELECT current_user"))
          .isEqualTo("jukihub_reader");
    }
  }

  @Test
  void should_refuse_to_start_with_the_owners_rights_unless_accepted_when_roles_cannot_be_made()
      throws Exception {
    DatabaseTarget limited =
        TestDatabases.ownedBy(
            "jukihub_limited_" + ProcessHandle.current().pid(),
            "jukihub_limited_owner",
            "limited-owner-secret");
    Path data = directory.resolve("pg");
    assertThatThrownBy(
            () -> Database.open(new DatabaseOptions(limited.uriWithPassword(), data, 4, false)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("CREATEROLE")
        .hasMessageContaining("jukihub_reader")
        .hasMessageContaining("database.acceptOwnerRights");
    try (Database accepted =
        Database.open(new DatabaseOptions(limited.uriWithPassword(), data, 4, true))) {
      assertThat(accepted.target().as(DatabaseRole.PORTAL).user())
          .isEqualTo("jukihub_limited_owner");
      // The trail is append-only all the same.
      assertThatThrownBy(
              () -> {
                try (Connection connection = accepted.target().dataSource().getConnection();
                    Statement statement = connection.createStatement()) {
                  statement.execute("TRUNCATE audit.record");
                }
              })
          .hasMessageContaining("append-only");
    }
  }

  private static void assertRefusedWithoutPassword(DatabaseTarget target) {
    DatabaseTarget none =
        new DatabaseTarget(target.host(), target.port(), target.database(), target.user(), null);
    DatabaseTarget wrong =
        new DatabaseTarget(
            target.host(), target.port(), target.database(), target.user(), "not-the-password");
    for (DatabaseTarget attempt : new DatabaseTarget[] {none, wrong}) {
      assertThatThrownBy(
              () -> {
                try (Connection connection = attempt.dataSource().getConnection()) {
                  connection.isValid(1);
                }
              })
          .as(
              attempt.user()
                  + (attempt.password() == null ? " without a password" : " with a wrong one"))
          .isInstanceOf(SQLException.class)
          .hasMessageMatching("(?s).*(password|authentication).*");
    }
  }
}
