package jp.jukihub.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import jp.jukihub.database.DatabaseRole;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.testing.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The trail is append-only in the database itself (migration V12): every run-time role is refused
 * any change to a record or a checkpoint by its rights, and even the owner is refused by the
 * trail's triggers. The trail still verifies afterwards.
 */
class AuditAppendOnlyIT {
  static final List<String> TAMPERINGS =
      List.of(
          "UPDATE audit.record SET operator = 'mallory' WHERE seq = 3",
          "DELETE FROM audit.record WHERE seq = 3",
          "TRUNCATE audit.record",
          "UPDATE audit.checkpoint SET signed_at = now()",
          "DELETE FROM audit.checkpoint",
          "TRUNCATE audit.checkpoint");

  static DatabaseTarget target;
  static String partition;

  @BeforeAll
  static void writeTrail() throws Exception {
    target = AuditTrailIT.trailOf(40);
    partition =
        (String)
            TestDatabases.scalar(
                target,
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                    + " WHERE i.inhparent = 'audit.record'::regclass LIMIT 1");
  }

  @ParameterizedTest
  @EnumSource(DatabaseRole.class)
  void should_refuse_every_change_to_the_trail_when_a_runtime_role_asks(DatabaseRole role)
      throws Exception {
    DatabaseTarget login = target.as(role);
    assertThat(login.user()).isEqualTo(role.roleName());
    assertThat(
            TestDatabases.scalar(
                login, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"))
        .isEqualTo(false);
    for (String tampering : withPartition(TAMPERINGS)) {
      assertRefused(login, tampering, "permission denied");
    }
    assertIntact();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "UPDATE audit.record SET operator = 'mallory' WHERE seq = 3",
        "DELETE FROM audit.record WHERE seq = 3",
        "TRUNCATE audit.record",
        "UPDATE audit.checkpoint SET signed_at = now()",
        "DELETE FROM audit.checkpoint",
        "TRUNCATE audit.checkpoint",
        "TRUNCATE audit.%partition%",
        "UPDATE audit.%partition% SET operator = 'mallory'"
      })
  void should_refuse_a_change_to_the_trail_when_even_the_owner_asks(String tampering)
      throws Exception {
    assertRefused(target, tampering.replace("%partition%", partition), "append-only");
    assertIntact();
  }

  @ParameterizedTest
  @EnumSource(
      value = DatabaseRole.class,
      mode = EnumSource.Mode.EXCLUDE,
      names = {"AUDIT_WRITER"})
  void should_refuse_to_add_a_record_when_the_role_is_not_the_writer(DatabaseRole role) {
    assertRefused(
        target.as(role),
        "INSERT INTO audit.record SELECT * FROM audit.record LIMIT 1",
        "permission denied");
    assertRefused(target.as(role), "SELECT audit.ensure_month('2040-01-01')", "permission denied");
  }

  @ParameterizedTest
  @EnumSource(
      value = DatabaseRole.class,
      mode = EnumSource.Mode.EXCLUDE,
      names = {"AUDIT_PRUNE"})
  void should_refuse_to_drop_a_month_when_the_role_is_not_prune(DatabaseRole role) {
    assertRefused(
        target.as(role),
        "SELECT audit.drop_month(date_trunc('month', now())::date)",
        "permission denied");
    // Roles without any right in the audit schema are stopped before ownership is asked.
    assertRefused(
        target.as(role),
        "DROP TABLE audit." + partition,
        role == DatabaseRole.READER || role == DatabaseRole.REGISTER || role == DatabaseRole.JPKI
            ? "permission denied for schema audit"
            : "must be owner");
  }

  @org.junit.jupiter.api.Test
  void should_refuse_to_drop_a_month_inside_the_retention_when_prune_asks_even_if_exported()
      throws Exception {
    // The month written now, listed as exported whole: only the retention (V14) stands in the way.
    try (Connection connection = target.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO audit.export (month, records, digest, location)"
              + " SELECT date_trunc('month', now())::date, count(*), 'test', 'test'"
              + " FROM audit."
              + partition
              + " ON CONFLICT (month) DO NOTHING");
    }
    assertRefused(
        target.as(DatabaseRole.AUDIT_PRUNE),
        "SELECT audit.drop_month(date_trunc('month', now())::date)",
        "inside the retention of 7 years");
    assertRefused(
        target.as(DatabaseRole.AUDIT_PRUNE),
        "UPDATE audit.retention SET years = 0",
        "permission denied");
    assertIntact();
  }

  private static List<String> withPartition(List<String> statements) {
    List<String> all = new java.util.ArrayList<>(statements);
    all.add("TRUNCATE audit." + partition);
    all.add("DELETE FROM audit." + partition);
    return all;
  }

  private static void assertRefused(DatabaseTarget login, String sql, String reason) {
    assertThatThrownBy(
            () -> {
              try (Connection connection = login.dataSource().getConnection();
                  Statement statement = connection.createStatement()) {
                statement.execute(sql);
              }
            })
        .as(login.user() + ": " + sql)
        .isInstanceOf(SQLException.class)
        .hasMessageContaining(reason);
  }

  private static void assertIntact() throws Exception {
    assertThat(TestDatabases.scalarInt(target, "SELECT count(*) FROM audit.record")).isEqualTo(40);
    assertThat(AuditTrailIT.verify(target))
        .singleElement()
        .satisfies(report -> assertThat(report.intact()).as(report.describe()).isTrue());
  }
}
