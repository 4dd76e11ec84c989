package jp.jukihub.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the hub's least-privilege roles ({@link DatabaseRole}) their logins, as the owner, at every
 * start: migrations V12 and V13 create them NOLOGIN with their grants; here each gets LOGIN and its
 * password from {@link DatabasePasswords} (sent as a SCRAM verifier, never in clear text).
 *
 * <p>Where that cannot be done (an external server whose user may not create or alter roles), the
 * hub refuses to start unless told to accept running with the owner's rights.
 */
public final class DatabaseRoles {
  private static final Logger log = LoggerFactory.getLogger(DatabaseRoles.class);

  private DatabaseRoles() {}

  /**
   * Blocking. Returns {@code owner} carrying the roles' logins, or {@code owner} alone when the
   * roles cannot be used and {@code acceptOwnerRights} allows it.
   *
   * @throws IllegalStateException naming the missing rights, when they are missing and not accepted
   */
  public static DatabaseTarget enable(
      DatabaseTarget owner, DatabasePasswords passwords, boolean acceptOwnerRights) {
    List<String> missing = new ArrayList<>();
    Map<DatabaseRole, String> logins = new EnumMap<>(DatabaseRole.class);
    try (Connection connection = owner.dataSource().getConnection()) {
      for (DatabaseRole role : DatabaseRole.values()) {
        String problem = problemWith(connection, role);
        if (problem != null) {
          missing.add(problem);
          continue;
        }
        String password = passwords.passwordOf(role.roleName());
        try (Statement statement = connection.createStatement()) {
          connection
              .unwrap(PGConnection.class)
              .alterUserPassword(role.roleName(), password.toCharArray(), "scram-sha-256");
          statement.execute("ALTER ROLE " + role.roleName() + " LOGIN");
          logins.put(role, password);
        } catch (SQLException e) {
          missing.add(
              "the database user "
                  + owner.user()
                  + " may not give role "
                  + role.roleName()
                  + " a login and password (needs CREATEROLE): "
                  + e.getMessage());
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot prepare the hub's database roles on " + owner, e);
    }
    return usable(owner, logins, missing, acceptOwnerRights);
  }

  /**
   * Blocking. For another database on a server whose roles {@link #enable} gave their logins
   * already (roles belong to the whole server: setting their passwords again from another owner's
   * would lock out the pools made with the first): checks the roles hold rights here, and returns
   * {@code owner} carrying {@code logins}, or {@code owner} alone as {@link #enable} does.
   */
  public static DatabaseTarget join(
      DatabaseTarget owner, Map<DatabaseRole, String> logins, boolean acceptOwnerRights) {
    List<String> missing = new ArrayList<>();
    try (Connection connection = owner.dataSource().getConnection()) {
      for (DatabaseRole role : DatabaseRole.values()) {
        String problem =
            logins.containsKey(role)
                ? problemWith(connection, role)
                : "role " + role.roleName() + " has no login on this server";
        if (problem != null) {
          missing.add(problem);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot check the hub's database roles on " + owner, e);
    }
    return usable(owner, logins, missing, acceptOwnerRights);
  }

  private static DatabaseTarget usable(
      DatabaseTarget owner,
      Map<DatabaseRole, String> logins,
      List<String> missing,
      boolean acceptOwnerRights) {
    if (missing.isEmpty()) {
      return owner.withLogins(logins);
    }
    String summary = String.join("; ", missing);
    if (!acceptOwnerRights) {
      throw new IllegalStateException(
          "the hub will not run with the database owner's rights on "
              + owner
              + ": "
              + summary
              + ". Migrations V12 and V13 make and grant the roles only when the migrating user has"
              + " CREATEROLE, and Flyway does not run them twice: have a user with CREATEROLE run"
              + " their role blocks (the first DO block of V12__least_privilege.sql and the DO block"
              + " of V13__roles_per_job.sql; both may run again), then restart;"
              + " or set database.acceptOwnerRights: true to run every pool as "
              + owner.user()
              + " (no least privilege; the audit trail is still append-only by its triggers)");
    }
    log.warn(
        "database.acceptOwnerRights: every pool runs with the rights of {}: {}",
        owner.user(),
        summary);
    return owner;
  }

  private static String problemWith(Connection connection, DatabaseRole role) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = ?")) {
      select.setString(1, role.roleName());
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return "role "
              + role.roleName()
              + " does not exist (migrations V12 and V13 create it when the user has CREATEROLE)";
        }
        if (row.getBoolean(1)) {
          return "role " + role.roleName() + " is a superuser or bypasses row security";
        }
      }
    }
    try (PreparedStatement granted =
        connection.prepareStatement(
            "SELECT coalesce(bool_or(has_schema_privilege(?, oid, 'USAGE')), false)"
                + " FROM pg_namespace WHERE nspname IN ('municipal', 'prefecture', 'national',"
                + " 'jpki', 'network', 'intermediate', 'portal', 'audit')")) {
      granted.setString(1, role.roleName());
      try (ResultSet row = granted.executeQuery()) {
        row.next();
        return row.getBoolean(1)
            ? null
            : "role "
                + role.roleName()
                + " holds no rights in this database (run migrations V12 and V13"
                + " as a user with CREATEROLE)";
      }
    }
  }
}
