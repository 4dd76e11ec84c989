package jp.jukihub.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import jp.jukihub.testing.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each run-time role may do its own job's work and nothing else (migration V13): a flaw in one
 * service cannot read or change another's data through its connections. Tried as each role against
 * the real server; statements that touch no row, so the attempt is all that is judged.
 */
class DatabaseRolesPerJobIT {
  static DatabaseTarget database;

  @BeforeAll
  static void open() {
    database = TestDatabases.fresh();
  }

  @ParameterizedTest(name = "{0} may: {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          READER     | SELECT count(*) FROM national.identity
          READER     | SELECT count(*) FROM municipal.resident
          READER     | SELECT count(*) FROM prefecture.identity_change
          REGISTER   | UPDATE national.identity SET version = version WHERE false
          REGISTER   | DELETE FROM municipal.outbox WHERE false
          REGISTER   | UPDATE jpki.certificate SET revoked_at = now() WHERE false
          JPKI       | INSERT INTO jpki.usage SELECT * FROM jpki.usage WHERE false
          JPKI       | UPDATE jpki.certificate SET revoked_at = now() WHERE false
          JPKI       | SELECT count(*) FROM municipal.resident
          PROVISION  | INSERT INTO network.token SELECT * FROM network.token WHERE false
          PROVISION  | DELETE FROM intermediate.copy WHERE false
          PROVISION  | DELETE FROM municipal.token_request WHERE false
          PROVISION  | SELECT count(*) FROM audit.record
          PORTAL     | UPDATE portal.notice SET kind = kind WHERE false
          PORTAL     | SELECT count(*) FROM audit.record
          PORTAL     | SELECT count(*) FROM intermediate.copy
          AUDITOR    | SELECT count(*) FROM audit.record
          AUDITOR    | SELECT count(*) FROM national.identity
          """)
  void should_allow_a_role_when_the_statement_is_its_jobs(DatabaseRole role, String sql)
      throws SQLException {
    execute(database.as(role), sql);
  }

  @ParameterizedTest(name = "{0} may not: {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          READER     | UPDATE national.identity SET version = version WHERE false
          READER     | INSERT INTO municipal.resident SELECT * FROM municipal.resident WHERE false
          READER     | SELECT count(*) FROM audit.record
          READER     | SELECT count(*) FROM network.token
          READER     | SELECT count(*) FROM jpki.certificate
          READER     | SELECT count(*) FROM municipal.spare_code
          REGISTER   | SELECT count(*) FROM network.token
          REGISTER   | SELECT count(*) FROM intermediate.copy
          REGISTER   | SELECT count(*) FROM audit.record
          REGISTER   | SELECT count(*) FROM portal.notice
          REGISTER   | INSERT INTO jpki.certificate SELECT * FROM jpki.certificate WHERE false
          REGISTER   | DELETE FROM municipal.change WHERE false
          REGISTER   | UPDATE municipal.change SET reason = reason WHERE false
          REGISTER   | DELETE FROM national.identity_change WHERE false
          REGISTER   | DELETE FROM national.issued_number WHERE false
          REGISTER   | UPDATE national.issued_code SET lg_code = lg_code WHERE false
          REGISTER   | DELETE FROM municipal.resident WHERE false
          JPKI       | UPDATE national.identity SET version = version WHERE false
          JPKI       | UPDATE municipal.resident SET version = version WHERE false
          JPKI       | SELECT count(*) FROM network.token
          JPKI       | SELECT count(*) FROM audit.record
          PROVISION  | UPDATE national.identity SET version = version WHERE false
          PROVISION  | SELECT count(*) FROM jpki.certificate
          PROVISION  | SELECT count(*) FROM portal.notice
          PROVISION  | INSERT INTO municipal.token_request SELECT * FROM municipal.token_request WHERE false
          PORTAL     | SELECT count(*) FROM municipal.resident
          PORTAL     | SELECT count(*) FROM network.acquisition
          PORTAL     | UPDATE jpki.certificate SET revoked_at = now() WHERE false
          PORTAL     | DELETE FROM intermediate.copy WHERE false
          PORTAL     | SELECT count(*) FROM audit.export
          PORTAL     | DELETE FROM portal.notice WHERE false
          JPKI       | DELETE FROM jpki.certificate WHERE false
          AUDITOR    | SELECT count(*) FROM municipal.resident
          AUDITOR    | SELECT count(*) FROM network.token
          AUDITOR    | UPDATE national.identity SET version = version WHERE false
          """)
  void should_refuse_a_role_when_the_statement_is_another_jobs(DatabaseRole role, String sql) {
    assertThatThrownBy(() -> execute(database.as(role), sql))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("permission denied");
  }

  @ParameterizedTest
  @EnumSource(DatabaseRole.class)
  void should_refuse_schema_changes_when_any_runtime_role_asks(DatabaseRole role) {
    for (String ddl :
        new String[] {
          "CREATE TABLE national.stolen (my_number text)",
          "CREATE TABLE public.stolen (my_number text)",
          "ALTER TABLE national.identity ADD COLUMN stolen text",
          "DROP TABLE portal.notice"
        }) {
      assertThatThrownBy(() -> execute(database.as(role), ddl))
          .as(role + ": " + ddl)
          .isInstanceOf(SQLException.class)
          .hasMessageMatching("(?s).*(permission denied|must be owner).*");
    }
  }

  @Test
  void should_leave_the_shared_role_of_earlier_hubs_without_a_login_or_a_right() throws Exception {
    assertThat(
            TestDatabases.scalar(
                database, "SELECT rolcanlogin FROM pg_roles WHERE rolname = 'jukihub_app'"))
        .isEqualTo(false);
    assertThat(
            TestDatabases.scalar(
                database,
                "SELECT count(*) FROM information_schema.role_table_grants"
                    + " WHERE grantee = 'jukihub_app'"))
        .isEqualTo(0L);
  }

  private static void execute(DatabaseTarget login, String sql) throws SQLException {
    try (Connection connection = login.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      assertThat(login.user()).startsWith("jukihub_");
      statement.execute(sql);
    }
  }
}
