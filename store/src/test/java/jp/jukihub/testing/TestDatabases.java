package jp.jukihub.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import jp.jukihub.database.DatabasePasswords;
import jp.jukihub.database.DatabaseRoles;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.database.EmbeddedDatabase;
import jp.jukihub.database.SchemaMigrations;

/**
 * Real PostgreSQL for tests: one server per test JVM (the embedded PostgreSQL 15, or the server
 * named by {@code JUKIHUB_TEST_PG_URL}), and a fresh, migrated database for each caller, so test
 * classes never see each other's rows.
 */
public final class TestDatabases {
  private static final AtomicInteger NEXT = new AtomicInteger();
  private static DatabaseTarget server;
  private static DatabasePasswords passwords;

  private TestDatabases() {}

  /**
   * A new empty database with the hub's schema applied: the owner's target, carrying the logins of
   * the hub's roles as {@code Database.open} gives them (so a hub started on it runs its pools as
   * those roles).
   */
  public static synchronized DatabaseTarget fresh() {
    DatabaseTarget admin = server();
    String name = "jukihub_test_" + ProcessHandle.current().pid() + "_" + NEXT.incrementAndGet();
    return fresh(admin, passwords, name);
  }

  /**
   * As {@link #fresh()}, on the server {@code admin} connects to (a fault test's own server), with
   * the roles' passwords derived from {@code passwords}.
   */
  static DatabaseTarget fresh(DatabaseTarget admin, DatabasePasswords passwords, String name) {
    try (Connection connection = admin.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name, e);
    }
    DatabaseTarget target = admin.withDatabase(name);
    SchemaMigrations.apply(target);
    // An external test server may not let its user make roles: tests there run with its rights.
    return DatabaseRoles.enable(target, passwords, true);
  }

  /**
   * A new empty database on the test server owned by {@code owner} (made LOGIN, NOCREATEROLE, with
   * {@code password}, if it does not exist yet): as an operator without CREATEROLE would have it.
   */
  public static DatabaseTarget ownedBy(String name, String owner, String password)
      throws SQLException {
    DatabaseTarget admin = server();
    try (Connection connection = admin.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "DO $$ BEGIN CREATE ROLE "
              + owner
              + " LOGIN NOCREATEROLE PASSWORD '"
              + password
              + "'; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
      statement.execute("CREATE DATABASE " + name + " OWNER " + owner);
    }
    return new DatabaseTarget(admin.host(), admin.port(), name, owner, password);
  }

  /** The users connected to {@code database}'s database, but the asking connection itself. */
  public static Set<String> connectedUsers(DatabaseTarget database) throws SQLException {
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

  /**
   * The first column of the first row {@code sql} answers (null when none), for a test's checks.
   */
  public static Object scalar(DatabaseTarget database, String sql, Object... params)
      throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        statement.setObject(i + 1, params[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? rows.getObject(1) : null;
      }
    }
  }

  /** {@link #scalar} as an int, e.g. a count. */
  public static Integer scalarInt(DatabaseTarget database, String sql, Object... params)
      throws SQLException {
    Object value = scalar(database, sql, params);
    return value == null ? null : ((Number) value).intValue();
  }

  /**
   * Lets {@code database} take connections again, or refuses new ones and cuts those it has: an
   * outage of that database alone, the server staying up.
   */
  public static void setConnections(DatabaseTarget database, boolean allowed) throws SQLException {
    try (Connection admin = server().dataSource().getConnection();
        Statement sql = admin.createStatement()) {
      sql.execute("ALTER DATABASE " + database.database() + " ALLOW_CONNECTIONS " + allowed);
      if (!allowed) {
        sql.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                + database.database()
                + "'");
      }
    }
  }

  /** The admin connection to the test server (its maintenance database). */
  public static synchronized DatabaseTarget server() {
    if (server == null) {
      String external = System.getenv("JUKIHUB_TEST_PG_URL");
      if (external != null && !external.isBlank()) {
        server = DatabaseTarget.fromUri(external);
        passwords = DatabasePasswords.ofOwner(server.password() == null ? "" : server.password());
      } else {
        server = startEmbedded();
      }
    }
    return server;
  }

  private static DatabaseTarget startEmbedded() {
    try {
      Path directory = Files.createTempDirectory("jukihub-test-pg-");
      EmbeddedDatabase database =
          EmbeddedDatabase.start(
              directory.resolve("pg"), directory.resolve("keys").resolve("database.key"));
      passwords = database.passwords();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    database.close();
                    deleteQuietly(directory);
                  }));
      return database.target();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A connection of the server's superuser with triggers off ({@code session_replication_role =
   * replica}): the attacker who owns the server and the files, whom only the hash chain and the
   * signed checkpoints still catch. Tests tamper with the trail through it.
   */
  public static Connection tampering(DatabaseTarget database) throws SQLException {
    Connection connection = database.dataSource().getConnection();
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET session_replication_role = replica");
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    return connection;
  }

  private static void deleteQuietly(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException ignored) {
      // Temporary files; the OS cleans up what is left.
    }
  }
}
