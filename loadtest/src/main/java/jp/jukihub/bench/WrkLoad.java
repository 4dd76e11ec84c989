package jp.jukihub.bench;

import java.io.File;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Peak rates with {@code wrk} (the Debian package): closed loop, T threads, C connections, the
 * requests a Lua script makes ({@link LookupLoad}'s lookups, {@link ProvisionBench}'s queries). wrk
 * costs about a tenth of what a JVM client does per request (see ../shared/BASELINES.md), so more
 * of the two cores is left to the server. Servers compared in one benchmark are driven with the
 * same threads and connections (and, where they answer the same requests, the same script).
 */
final class WrkLoad {
  /** One run: answers (2xx or 3xx) per second, wrk's latency percentiles, and what went wrong. */
  record Result(
      long requests,
      long non2xx,
      long socketErrors,
      double seconds,
      double p50Millis,
      double p99Millis,
      double cpuSeconds) {
    double perSecond() {
      return (requests - non2xx) / seconds;
    }

    String describe() {
      return String.format(
          "%,9.0f req/s  p50 %5.2f ms  p99 %6.2f ms  non-2xx %d  socket errors %d",
          perSecond(), p50Millis, p99Millis, non2xx, socketErrors);
    }
  }

  private static final Pattern SUMMARY = Pattern.compile("^JUKIHUB-WRK (.*)$", Pattern.MULTILINE);
  private static final Pattern FIELD = Pattern.compile("(\\w+)=(\\d+)");
  private static final Pattern TIMES =
      Pattern.compile("^(\\d+)m([\\d.]+)s (\\d+)m([\\d.]+)s$", Pattern.MULTILINE);

  /**
   * What every script ends with: each thread's {@code id} (0, 1, ...), which {@code init} may read,
   * and the summary line {@link #parse} reads (wrk's own summary is for people).
   */
  static final String COMMON_LUA =
      """

      local threads = 0
      function setup(thread)
        thread:set("id", threads)
        threads = threads + 1
      end

      function done(summary, latency, requests)
        local e = summary.errors
        io.write(string.format(
          "JUKIHUB-WRK requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d connect=%d read=%d write=%d timeout=%d\\n",
          summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
          e.status, e.connect, e.read, e.write, e.timeout))
      end
      """;

  private final Path script;
  private final String path;
  private final int threads;
  private final int connections;

  private WrkLoad(Path script, String path, int threads, int connections) {
    this.script = script;
    this.path = path;
    this.threads = threads;
    this.connections = connections;
  }

  /**
   * Writes {@code lua} (followed by {@link #COMMON_LUA}) to {@code file}: a load that sends its
   * requests to {@code path} with T threads and C connections. The script's {@code args[1]} is the
   * thread count (so each thread can start at its own place), then what {@link #run} is given.
   */
  static WrkLoad write(Path file, String lua, String path, int threads, int connections)
      throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, lua + COMMON_LUA, StandardCharsets.UTF_8);
    return new WrkLoad(file, path, threads, connections);
  }

  String describe() {
    return "wrk -t" + threads + " -c" + connections;
  }

  /** Fails with what to do when there is no {@code wrk} on the PATH. */
  static void requireInstalled() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String directory : path.split(File.pathSeparator)) {
      if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, "wrk"))) {
        return;
      }
    }
    throw new IllegalStateException(
        "this benchmark drives the servers with wrk, which is not installed: apt-get install wrk"
            + " (./hub bench installs it when run as root)");
  }

  /** Drives {@code port} for {@code duration}; {@code scriptArgs} follow the thread count. */
  Result run(int port, Duration duration, List<String> scriptArgs)
      throws IOException, InterruptedException {
    List<String> args = new ArrayList<>();
    args.add(Integer.toString(threads));
    args.addAll(scriptArgs);
    return run(
        List.of(), script, "http://127.0.0.1:" + port + path, threads, connections, duration, args);
  }

  /**
   * Runs wrk with {@code script} (which ends with {@link #COMMON_LUA}) against {@code url}; {@code
   * prefix} runs it elsewhere (e.g. in another network namespace).
   */
  static Result run(
      List<String> prefix,
      Path script,
      String url,
      int threads,
      int connections,
      Duration duration,
      List<String> scriptArgs)
      throws IOException, InterruptedException {
    // bash's `times` prints the CPU time of the shell's children last: wrk's own cost.
    List<String> command = new ArrayList<>(prefix);
    command.addAll(
        List.of(
            "bash",
            "-c",
            "wrk \"$@\"; status=$?; times; exit $status",
            "wrk",
            "-t" + threads,
            "-c" + connections,
            "-d" + duration.toSeconds() + "s",
            "--timeout",
            "10s",
            "-s",
            script.toString(),
            url,
            "--"));
    command.addAll(scriptArgs);
    Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!wrk.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
      wrk.destroyForcibly();
      throw new IllegalStateException("wrk did not finish");
    }
    if (wrk.exitValue() != 0) {
      throw new IllegalStateException(
          "wrk failed (exit " + wrk.exitValue() + "): " + output.strip());
    }
    return parse(output);
  }

  /** wrk's output with the script's summary line, followed by bash's {@code times}. */
  static Result parse(String output) {
    Matcher summary = SUMMARY.matcher(output);
    if (!summary.find()) {
      throw new IllegalStateException("wrk printed no summary: " + output.strip());
    }
    double cpuSeconds = 0;
    Matcher times = TIMES.matcher(output);
    while (times.find()) {
      cpuSeconds =
          minutes(times.group(1), times.group(2)) + minutes(times.group(3), times.group(4));
    }
    Map<String, Long> fields = new HashMap<>();
    Matcher field = FIELD.matcher(summary.group(1));
    while (field.find()) {
      fields.put(field.group(1), Long.parseLong(field.group(2)));
    }
    return new Result(
        fields.get("requests"),
        fields.get("non2xx"),
        fields.get("connect") + fields.get("read") + fields.get("write") + fields.get("timeout"),
        fields.get("duration_us") / 1e6,
        fields.get("p50_us") / 1e3,
        fields.get("p99_us") / 1e3,
        cpuSeconds);
  }

  private static double minutes(String minutes, String seconds) {
    return Long.parseLong(minutes) * 60 + Double.parseDouble(seconds);
  }
}
