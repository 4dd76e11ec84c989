package jp.jukihub.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.jukihub.audit.AuditPublicKey;
import jp.jukihub.audit.AuditVerification;
import jp.jukihub.audit.ChainReport;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.progress.Progress;
import jp.jukihub.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub as a separate process, killed with SIGKILL while clients hammer an audited route: every
 * answer a client received with status 200 must have its record, and the chain must verify, also
 * after the restarted hub has continued it.
 */
class AuditCrashIT {
  private static final Pattern READY = Pattern.compile("Juki Hub ready: API on http://127\\.0\\.0\\.1:(\\d+)");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir Path data;

  @Test
  void should_keep_a_record_of_every_200_answer_when_the_hub_is_killed_mid_load() throws Exception {
    DatabaseTarget database = TestDatabases.fresh();
    Hub hub = Hub.start(database, data);
    Set<String> answered = ConcurrentHashMap.newKeySet();
    AtomicBoolean dead = new AtomicBoolean();
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < 8; c++) {
      int client = c;
      Thread thread =
          new Thread(
              () -> {
                for (int i = 0; !dead.get() || i % 50 != 0; i++) {
                  String id = "crash-" + client + "-" + i;
                  try {
                    if (hub.get("/v1/audit/records?limit=1", id).statusCode() == 200) {
                      answered.add(id);
                    }
                  } catch (Exception connectionLost) {
                    return;
                  }
                }
              });
      clients.add(thread);
      thread.start();
    }
    Thread.sleep(2_000);
    hub.process().destroyForcibly(); // SIGKILL: no shutdown hook, no flush, no goodbye
    hub.process().waitFor(10, TimeUnit.SECONDS);
    dead.set(true);
    for (Thread thread : clients) {
      thread.join(10_000);
    }
    assertThat(answered).as("the load reached the hub before the kill").hasSizeGreaterThan(50);
    assertThat(recorded(database, answered)).as("every 200 answer has its record").isEqualTo(answered);
    assertIntact(database);

    Hub restarted = Hub.start(database, data);
    try {
      assertThat(restarted.get("/v1/audit/records?limit=1", "after-restart").statusCode()).isEqualTo(200);
    } finally {
      restarted.process().destroy();
      restarted.process().waitFor(20, TimeUnit.SECONDS);
    }
    assertThat(recorded(database, Set.of("after-restart"))).containsExactly("after-restart");
    assertIntact(database);
  }

  private void assertIntact(DatabaseTarget database) throws Exception {
    AuditPublicKey key = AuditPublicKey.fromSigningKeyFile(data.resolve("keys").resolve("audit-signing.key"));
    List<ChainReport> reports = new AuditVerification(key, Progress.SILENT).database(database, null, null);
    assertThat(reports).isNotEmpty().allSatisfy(report -> assertThat(report.intact()).as(report.describe()).isTrue());
  }

  private static Set<String> recorded(DatabaseTarget database, Set<String> requestIds) throws Exception {
    Set<String> found = new HashSet<>();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement select = connection.prepareStatement("SELECT request_id FROM audit.record WHERE request_id = ANY (?)")) {
      Array ids = connection.createArrayOf("text", requestIds.toArray());
      select.setArray(1, ids);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          found.add(rows.getString(1));
        }
      }
    }
    return found;
  }

  /** A hub in its own JVM, on the test's PostgreSQL, with dev identity on loopback. */
  private record Hub(Process process, int port) {
    static Hub start(DatabaseTarget database, Path data) throws Exception {
      String classpath =
          String.join(
              java.io.File.pathSeparator,
              java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                  .filter(entry -> !entry.endsWith("test-classes"))
                  .toList());
      ProcessBuilder builder =
          new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-Xmx512m", "-cp", classpath, "jp.jukihub.gateway.cli.HubCommand", "serve", "--dev-identity");
      builder.environment().put("JUKIHUB_PG_URL",
          "postgresql://" + database.user() + "@" + database.host() + ":" + database.port() + "/" + database.database());
      builder.environment().put("JUKIHUB_HTTP_PORT", "0");
      builder.environment().put("JUKIHUB_OPS_PORT", "0");
      builder.environment().put("JUKIHUB_DATA_DIR", data.toString());
      builder.environment().put("JUKIHUB_INSTANCE", "crash-hub");
      builder.redirectErrorStream(true);
      Process process = builder.start();
      CompletableFuture<Integer> port = new CompletableFuture<>();
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    Matcher ready = READY.matcher(line);
                    if (ready.find()) {
                      port.complete(Integer.parseInt(ready.group(1)));
                    }
                  }
                } catch (java.io.IOException ignored) {
                  // the process died; the port future times out if it never got ready
                }
                port.completeExceptionally(new IllegalStateException("the hub exited before it was ready"));
              });
      reader.setDaemon(true);
      reader.start();
      return new Hub(process, port.get(60, TimeUnit.SECONDS));
    }

    HttpResponse<String> get(String path, String requestId) throws Exception {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .header("X-Jukihub-Body", "auditor")
              .header("X-Jukihub-Operator", "crash-test")
              .header("X-Request-Id", requestId)
              .timeout(Duration.ofSeconds(10))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }
}
