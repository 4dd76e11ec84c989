package jp.jukihub.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code ./hub bench all}: every benchmark in turn, with its defaults, in one run, and one report
 * ({@code BENCHMARKS.md}) holding the machine, each benchmark's method and its figures beside its
 * baseline as it printed them. The report is rewritten whole, so it never mixes runs.
 */
final class BenchReport {
  /** One benchmark: its name, the command that runs it alone, what it compares, and the run. */
  record Entry(String name, String command, String method, BenchRun run) {}

  /** Runs one benchmark, printing its figures to {@code out}. */
  interface BenchRun {
    void run(PrintWriter out) throws Exception;
  }

  private final PrintWriter console;
  private final Path file;

  BenchReport(PrintWriter console, Path file) {
    this.console = console;
    this.file = file;
  }

  void run(List<Entry> entries) throws Exception {
    StringBuilder report = new StringBuilder();
    Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    report
        .append("# Benchmarks\n\n")
        .append("Written by `./hub bench all` (")
        .append(started)
        .append(
            "). Each benchmark runs its baseline beside it in the same run; compare the ratios, not the rates")
        .append(
            " across runs (see `../shared/BASELINES.md` for this machine's ceilings and pitfalls).\n\n")
        .append("## Machine\n\n")
        .append(machine())
        .append('\n');
    for (Entry entry : entries) {
      console.println("== bench " + entry.name() + " (" + entry.command() + ")");
      StringWriter captured = new StringWriter();
      long begun = System.nanoTime();
      try (PrintWriter both = new PrintWriter(new Tee(console, captured), true)) {
        entry.run().run(both);
      }
      report
          .append("## ")
          .append(entry.name())
          .append("\n\n")
          .append("`")
          .append(entry.command())
          .append("`, ")
          .append(Duration.ofNanos(System.nanoTime() - begun).toSeconds())
          .append(" s. ")
          .append(entry.method())
          .append("\n\n```\n")
          .append(captured.toString().stripTrailing())
          .append("\n```\n\n");
      // Written after each benchmark, so a long run that fails late keeps what it measured.
      Files.writeString(file, report.toString());
    }
    console.println("report written to " + file.toAbsolutePath());
  }

  /** Cores, memory, CPU model, kernel, Java: what the figures depend on. */
  static String machine() {
    String cpu = firstLine(Path.of("/proc/cpuinfo"), "model name").orElse("unknown CPU");
    String memory = firstLine(Path.of("/proc/meminfo"), "MemTotal").orElse("MemTotal: unknown");
    return "| what | value |\n| --- | --- |\n"
        + "| cores | "
        + Runtime.getRuntime().availableProcessors()
        + " |\n"
        + "| CPU | "
        + cpu.replaceFirst("^model name\\s*:\\s*", "")
        + " |\n"
        + "| memory | "
        + memory.replaceFirst("^MemTotal:\\s*", "")
        + " |\n"
        + "| kernel | "
        + System.getProperty("os.name")
        + " "
        + System.getProperty("os.version")
        + " |\n"
        + "| Java | "
        + System.getProperty("java.vm.name")
        + " "
        + System.getProperty("java.version")
        + " |\n"
        + "| PostgreSQL | embedded 15 (zonky), fsync and synchronous_commit on, on the same cores |\n"
        + "| load generators | wrk and the benchmarks' own clients, on the same cores |\n";
  }

  private static java.util.Optional<String> firstLine(Path file, String prefix) {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.filter(line -> line.startsWith(prefix)).findFirst();
    } catch (IOException | java.io.UncheckedIOException e) {
      return java.util.Optional.empty();
    }
  }

  /** Writes to the console and to the report at once. */
  private static final class Tee extends Writer {
    private final Writer first;
    private final Writer second;

    Tee(Writer first, Writer second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(char[] buffer, int offset, int length) throws IOException {
      first.write(buffer, offset, length);
      second.write(buffer, offset, length);
    }

    @Override
    public void flush() throws IOException {
      first.flush();
      second.flush();
    }

    @Override
    public void close() throws IOException {
      flush(); // the console stays open for the next benchmark
    }
  }
}
