package jp.jukihub.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.jukihub.database.DatabasePasswords;
import jp.jukihub.database.DatabaseTarget;

/**
 * A PostgreSQL 15 server that one fault test owns alone (never the suite's shared one): it keeps
 * its port and its data across a {@link #stop()} and {@link #start()}, so a hub connected to it
 * sees the same server go away and come back, and it can be {@link #hang() hung} (SIGSTOP to every
 * process of the server) and {@link #resume() resumed}. {@link #close()} leaves nothing running.
 */
public final class FaultyPostgres implements AutoCloseable {
  private static final String SUPERUSER_PASSWORD = "fault-test-owner";

  private final Path directory;
  private final int port;
  private final Map<String, String> settings;
  private EmbeddedPostgres server;
  private List<ProcessHandle> stopped = List.of();

  private FaultyPostgres(Path directory, int port, Map<String, String> settings) {
    this.directory = directory;
    this.port = port;
    this.settings = settings;
  }

  /** A new cluster in {@code directory}, started on a free loopback port it keeps. */
  public static FaultyPostgres start(Path directory) {
    return start(directory, Map.of());
  }

  /** As {@link #start(Path)}, with {@code settings} beside the durable defaults. */
  public static FaultyPostgres start(Path directory, Map<String, String> settings) {
    FaultyPostgres postgres = new FaultyPostgres(directory, freePort(), settings);
    postgres.start();
    return postgres;
  }

  /** Starts the server (again) on its port, with the data it had. Blocks until it answers. */
  public synchronized void start() {
    if (server != null) {
      throw new IllegalStateException("already running");
    }
    try {
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(directory)
              .setCleanDataDirectory(false)
              .setPort(port)
              .setPGStartupWait(Duration.ofSeconds(60))
              // As durable as the hub's own server: a commit is on disk before it is answered.
              .setServerConfig("synchronous_commit", "on")
              .setServerConfig("fsync", "on")
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setServerConfig("max_connections", "200")
              .setServerConfig("timezone", "UTC");
      settings.forEach(builder::setServerConfig);
      server = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start PostgreSQL in " + directory, e);
    }
  }

  /** Stops the server (a fast shutdown: clients are cut off, committed work is kept). */
  public synchronized void stop() {
    resume();
    if (server != null) {
      try {
        server.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot stop PostgreSQL in " + directory, e);
      } finally {
        server = null;
      }
    }
  }

  /**
   * Freezes every process of the server (SIGSTOP to the postmaster and all its children): it
   * neither answers nor refuses, as a server stuck on its storage.
   */
  public synchronized void hang() throws IOException, InterruptedException {
    ProcessHandle postmaster = postmaster();
    List<ProcessHandle> processes = new ArrayList<>();
    processes.add(postmaster);
    postmaster.descendants().forEach(processes::add);
    stopped = List.copyOf(processes);
    signal("STOP", stopped);
  }

  /** Lets every process {@link #hang()} froze run again (SIGCONT); nothing when none is frozen. */
  public synchronized void resume() {
    if (stopped.isEmpty()) {
      return;
    }
    try {
      signal("CONT", stopped);
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("cannot resume PostgreSQL's processes " + stopped, e);
    } finally {
      stopped = List.of();
    }
  }

  /** The superuser's target, for making databases and for checks. */
  public DatabaseTarget admin() {
    return new DatabaseTarget("127.0.0.1", port, "postgres", "postgres", SUPERUSER_PASSWORD);
  }

  /** A new database with the hub's schema and roles, as {@link TestDatabases#fresh()} makes. */
  public DatabaseTarget fresh(String name) {
    return TestDatabases.fresh(admin(), DatabasePasswords.ofOwner(SUPERUSER_PASSWORD), name);
  }

  public int port() {
    return port;
  }

  @Override
  public synchronized void close() {
    stop();
  }

  private ProcessHandle postmaster() throws IOException {
    String pid = Files.readAllLines(directory.resolve("postmaster.pid")).get(0).trim();
    return ProcessHandle.of(Long.parseLong(pid))
        .orElseThrow(() -> new IllegalStateException("no postmaster " + pid));
  }

  private static void signal(String signal, List<ProcessHandle> processes)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
    processes.forEach(process -> command.add(Long.toString(process.pid())));
    Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(kill.getInputStream().readAllBytes());
    if (kill.waitFor() != 0) {
      throw new IOException("kill -" + signal + " failed: " + output);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
