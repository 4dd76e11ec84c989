package jp.jukihub.database;

import static org.assertj.core.api.Assertions.assertThat;

import jp.jukihub.testing.TestDatabases;
import org.junit.jupiter.api.Test;

/**
 * Roles belong to the whole server: a second database of the hub there (a tier or the intermediate
 * servers on a URL of their own), owned by another user with another password, joins the roles'
 * logins instead of setting their passwords again, so the first database's pools still log in.
 */
class DatabaseRolesOnOneServerIT {
  @Test
  void should_keep_the_roles_passwords_when_another_owner_prepares_a_database_on_the_same_server()
      throws Exception {
    DatabaseTarget first = TestDatabases.fresh();
    DatabaseTarget second =
        TestDatabases.ownedBy(
            "jukihub_second_" + ProcessHandle.current().pid(),
            "jukihub_second_owner",
            "second-owner-secret");

    DatabaseTarget joined =
        Database.prepareOther(
            second,
            first,
            new DatabaseOptions(
                second.uriWithPassword(), java.nio.file.Path.of("unused"), 4, false));

    for (DatabaseRole role : DatabaseRole.values()) {
      assertThat(TestDatabases.scalar(first.as(role), "SELECT current_user"))
          .as("the first database's " + role + " still logs in")
          .isEqualTo(role.roleName());
      assertThat(TestDatabases.scalar(joined.as(role), "SELECT current_user"))
          .isEqualTo(role.roleName());
    }
    // The second owner had no CREATEROLE, and its migrations still granted its tables.
    assertThat(
            TestDatabases.scalar(
                joined.as(DatabaseRole.READER), "SELECT count(*) FROM national.identity"))
        .isEqualTo(0L);
  }
}
