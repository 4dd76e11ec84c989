package jp.jukihub.gateway.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.jukihub.database.DatabaseTarget;

/**
 * A hub in its own JVM ({@code hub serve --dev-identity}) on the test's PostgreSQL, so a test can
 * kill it with SIGKILL: no shutdown hook, no flush, no goodbye.
 */
public record ChildHub(Process process, int port, StringBuffer output) {
  private static final Pattern READY =
      Pattern.compile("Juki Hub ready: API on http://127\\.0\\.0\\.1:(\\d+)");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  public static ChildHub start(
      DatabaseTarget database, Path data, String instance, List<String> extraArgs)
      throws Exception {
    String classpath =
        String.join(
            File.pathSeparator,
            Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes"))
                .toList());
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                classpath,
                "jp.jukihub.gateway.cli.HubCommand",
                "serve",
                "--dev-identity"));
    if (!extraArgs.contains("--config")) {
      // The test's PostgreSQL is a development database on loopback: say so. (A test with a
      // configuration of its own says so there.)
      Path config =
          Files.writeString(data.resolve("child-hub.yaml"), "database:\n  developmentOnly: true\n");
      command.addAll(List.of("--config", config.toString()));
    }
    command.addAll(extraArgs);
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> environment = builder.environment();
    environment.put("JUKIHUB_PG_URL", database.uriWithPassword());
    environment.put("JUKIHUB_HTTP_PORT", "0");
    environment.put("JUKIHUB_OPS_PORT", "0");
    environment.put("JUKIHUB_DATA_DIR", data.toString());
    environment.put("JUKIHUB_INSTANCE", instance);
    builder.redirectErrorStream(true);
    Process process = builder.start();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    StringBuffer output = new StringBuffer();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                  output.append(line).append('\n');
                  Matcher ready = READY.matcher(line);
                  if (ready.find()) {
                    port.complete(Integer.parseInt(ready.group(1)));
                  }
                }
              } catch (java.io.IOException ignored) {
                // the process died; the port future times out if it never got ready
              }
              port.completeExceptionally(
                  new IllegalStateException("the hub exited before it was ready"));
            });
    reader.setDaemon(true);
    reader.start();
    return new ChildHub(process, port.get(60, TimeUnit.SECONDS), output);
  }

  /** Sends a request as {@code body}; {@code json} may be null. */
  public HttpResponse<String> send(
      String body, String method, String path, String json, String requestId) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("X-Jukihub-Body", body)
            .header("X-Jukihub-Operator", "crash-test")
            .header("X-Request-Id", requestId)
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      // Writes are sent as a careful client sends them: with a key (the request id) for retries.
      request.header("Content-Type", "application/json").header("Idempotency-Key", requestId);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  public void stop() throws InterruptedException {
    process.destroy();
    process.waitFor(20, TimeUnit.SECONDS);
  }
}
