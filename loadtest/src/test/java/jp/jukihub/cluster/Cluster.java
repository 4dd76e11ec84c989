package jp.jukihub.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jp.jukihub.bench.HaproxyAdmin;

/**
 * A cluster of ops/cluster/cluster ({@code ./hub cluster}) in a directory and on ports of its own,
 * so that a test run never touches the one a person keeps in data/cluster: its commands, psql on
 * its servers as their superuser, its nodes' processes and HAProxy's view of them.
 */
final class Cluster {
  static final String PG_BIN = "/usr/lib/postgresql/15/bin/";

  final Path root;
  final Path dir;
  private final int pgPort;
  private final int nodePort;
  final int balancerPort;
  private final int statsPort;
  private final Map<String, String> environment = new HashMap<>();

  /**
   * The servers on {@code pgPort} and the four after it (HAProxy's national address just below),
   * node K's API on {@code nodePort + 10K}, HAProxy's API and stats ports, Prometheus on the stats
   * port + 1000.
   */
  Cluster(Path root, Path dir, int pgPort, int nodePort, int balancerPort, int statsPort) {
    this.root = root;
    this.dir = dir;
    this.pgPort = pgPort;
    this.nodePort = nodePort;
    this.balancerPort = balancerPort;
    this.statsPort = statsPort;
    environment.put("JUKIHUB_CLUSTER_DIR", dir.toString());
    environment.put("JUKIHUB_CLUSTER_PG_PORT", Integer.toString(pgPort));
    environment.put("JUKIHUB_CLUSTER_NATIONAL_PORT", Integer.toString(pgPort - 1));
    environment.put("JUKIHUB_CLUSTER_NODE_PORT", Integer.toString(nodePort));
    environment.put("JUKIHUB_CLUSTER_LB_PORT", Integer.toString(balancerPort));
    environment.put("JUKIHUB_CLUSTER_STATS_PORT", Integer.toString(statsPort));
    environment.put("JUKIHUB_CLUSTER_PROMETHEUS_PORT", Integer.toString(statsPort + 1000));
  }

  /** {@code ./hub cluster ARGS}; fails with its output unless it exits 0. */
  String run(String... args) {
    List<String> command = new ArrayList<>(List.of(root.resolve("hub").toString(), "cluster"));
    command.addAll(List.of(args));
    return exec(command, Map.of(), Duration.ofMinutes(10));
  }

  /** {@code ./hub ARGS} with node-1's settings (as an operator of the cluster runs the CLI). */
  String hub(String... args) {
    List<String> command = new ArrayList<>(List.of(root.resolve("hub").toString()));
    command.addAll(List.of(args));
    return exec(
        command,
        Map.of("JUKIHUB_CONFIG", dir.resolve("node-1/hub.yaml").toString()),
        Duration.ofMinutes(5));
  }

  /** One value from SQL run as the postgres superuser on {@code server} (its own port). */
  String psql(String server, String database, String sql) {
    return exec(
            List.of(
                "runuser",
                "-u",
                "postgres",
                "--",
                PG_BIN + "psql",
                "-X",
                "-At",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                dir.resolve("pg/run").toString(),
                "-p",
                Integer.toString(port(server)),
                "-d",
                database,
                "-c",
                sql),
            Map.of(),
            Duration.ofMinutes(1))
        .strip();
  }

  /** Stops one PostgreSQL server (fast shutdown); {@code up} starts it again. */
  void stopServer(String server) {
    exec(
        List.of(
            "runuser",
            "-u",
            "postgres",
            "--",
            PG_BIN + "pg_ctl",
            "stop",
            "-m",
            "fast",
            "-D",
            dir.resolve("pg/" + server).toString()),
        Map.of(),
        Duration.ofMinutes(1));
  }

  int port(String server) {
    List<String> servers =
        List.of("national-a", "national-b", "prefecture-a", "prefecture-b", "municipal");
    return pgPort + servers.indexOf(server);
  }

  String nationalPrimary() throws IOException {
    Path file = dir.resolve("national.primary");
    return Files.exists(file) ? Files.readString(file).strip() : "national-a";
  }

  int apiPort(int node) {
    return nodePort + 10 * node;
  }

  int opsPort(int node) {
    return nodePort + 10 * node + 1;
  }

  long pid(int node) throws IOException {
    return Long.parseLong(Files.readString(dir.resolve("node-" + node + "/hub.pid")).strip());
  }

  /** A command on HAProxy's admin socket that answers nothing when it succeeds. */
  void haproxy(String command) throws IOException {
    new HaproxyAdmin(dir.resolve("haproxy/admin.sock")).run(command);
  }

  /** HAProxy's state of a node in the API's backend: UP, DOWN, MAINT, ... */
  String balancerState(int node) throws Exception {
    return balancerRow("nodes", "node-" + node)[17];
  }

  /** One server's row of HAProxy's stats (CSV: [17] status, [21] chkfail, [22] chkdown). */
  String[] balancerRow(String proxy, String server) throws Exception {
    String csv =
        Http.PLAIN
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + statsPort + "/stats;csv"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString())
            .body();
    for (String line : csv.split("\n")) {
      String[] fields = line.split(",", -1);
      if (fields.length > 22 && fields[0].equals(proxy) && fields[1].equals(server)) {
        return fields;
      }
    }
    throw new IllegalStateException("HAProxy does not list " + proxy + "/" + server);
  }

  /**
   * The value of a node's first meter line named {@code series} and holding {@code tags}, or NaN.
   */
  double meter(int node, String series, String... tags) throws Exception {
    String text =
        Http.PLAIN
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + opsPort(node) + "/metrics"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString())
            .body();
    for (String line : text.split("\n")) {
      if (line.startsWith(series + "{") && java.util.Arrays.stream(tags).allMatch(line::contains)) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return Double.NaN;
  }

  private String exec(List<String> command, Map<String, String> extra, Duration limit) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile());
      builder.environment().putAll(environment);
      builder.environment().putAll(extra);
      builder.environment().remove("JUKIHUB_PG_URL");
      builder.redirectErrorStream(true);
      Path log = Files.createTempFile("cluster-command", ".log");
      builder.redirectOutput(log.toFile());
      Process process = builder.start();
      if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " ran past " + limit);
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      Files.delete(log);
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", command) + " exited " + process.exitValue() + ":\n" + output);
      }
      return output;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
