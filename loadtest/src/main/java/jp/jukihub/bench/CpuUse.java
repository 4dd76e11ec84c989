package jp.jukihub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;

/**
 * Where the machine's CPU went during a run: this JVM (the server under test, plus whatever of the
 * benchmark runs in it), the embedded PostgreSQL (its postmaster and backends), the load generator,
 * and everything else. "Everything else" is the other users of a shared machine: a run where it is
 * large was disturbed, and its figures say little (see ../shared/BASELINES.md). Linux only; where
 * {@code /proc} is missing the split is left out.
 */
final class CpuUse {
  /**
   * Other processes may use this much CPU during a measured run before the run counts as disturbed.
   */
  static final double QUIET_CORES = 0.1;

  /** USER_HZ: the unit of /proc/stat, 100 on every Linux the JDK runs on. */
  private static final double TICKS_PER_SECOND = 100;

  private final Optional<ProcessHandle> postmaster;

  /** {@code pgDirectory}: the embedded cluster's data directory, which names its postmaster. */
  CpuUse(Optional<Path> pgDirectory) {
    this.postmaster =
        pgDirectory.flatMap(
            directory ->
                ProcessHandle.allProcesses()
                    .filter(
                        process ->
                            process.info().commandLine().orElse("").contains(directory.toString()))
                    .filter(process -> process.info().command().orElse("").endsWith("postgres"))
                    .findFirst());
  }

  /** CPU seconds used so far: the machine, this JVM, PostgreSQL; and stolen by the hypervisor. */
  record Snapshot(long nanoTime, double machine, double jvm, double postgres, double steal) {}

  Snapshot snapshot() {
    double[] machine = machineSeconds();
    return new Snapshot(
        System.nanoTime(),
        machine[0],
        seconds(ProcessHandle.current()),
        postgresSeconds(),
        machine[1]);
  }

  /** Cores used on average over a run; {@code other} is the rest of the machine's busy time. */
  record Split(double jvm, double postgres, double generator, double other, double steal) {
    String describe(String generatorName) {
      return String.format(
          "cores: JVM %.2f, PostgreSQL %.2f, %sother %.2f%s of %d",
          jvm,
          postgres,
          generatorName == null ? "" : String.format("%s %.2f, ", generatorName, generator),
          other,
          steal >= 0.01 ? String.format(", stolen by the hypervisor %.2f", steal) : "",
          Runtime.getRuntime().availableProcessors());
    }

    /**
     * CPU per answer at {@code perSecond}: what the server side costs, whatever else ran beside it.
     */
    String perAnswer(double perSecond) {
      return String.format(
          "CPU per answer: JVM %.0f µs, PostgreSQL %.0f µs",
          1e6 * jvm / perSecond, 1e6 * postgres / perSecond);
    }
  }

  /**
   * Between two snapshots; {@code generatorSeconds}: the CPU of a load generator outside this JVM.
   */
  static Optional<Split> between(Snapshot from, Snapshot to, double generatorSeconds) {
    double wall = (to.nanoTime() - from.nanoTime()) / 1e9;
    if (to.machine() < 0 || wall <= 0) {
      return Optional.empty();
    }
    double machine = (to.machine() - from.machine()) / wall;
    double jvm = (to.jvm() - from.jvm()) / wall;
    double postgres = to.postgres() < 0 ? 0 : (to.postgres() - from.postgres()) / wall;
    double generator = generatorSeconds / wall;
    double steal = (to.steal() - from.steal()) / wall;
    return Optional.of(
        new Split(
            jvm, postgres, generator, Math.max(0, machine - jvm - postgres - generator), steal));
  }

  /**
   * How loaded the machine was besides the benchmark over {@code runs}: quiet, or disturbed and by
   * how much at most; empty where no run has a split.
   */
  static Optional<String> verdict(Stream<Optional<Split>> runs) {
    OptionalDouble disturbed =
        runs.flatMap(Optional::stream).mapToDouble(split -> split.other() + split.steal()).max();
    if (disturbed.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        disturbed.getAsDouble() <= QUIET_CORES
            ? String.format(
                "quiet: nothing else took more than %.2f core in any measured run",
                disturbed.getAsDouble())
            : String.format(
                "DISTURBED: other processes (or the hypervisor) took up to %.2f core in a measured run;"
                    + " its figures, and the medians, are not to be compared",
                disturbed.getAsDouble()));
  }

  private double postgresSeconds() {
    return postmaster
        .filter(ProcessHandle::isAlive)
        .map(process -> seconds(process) + process.descendants().mapToDouble(CpuUse::seconds).sum())
        .orElse(-1.0);
  }

  private static double seconds(ProcessHandle process) {
    return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L) / 1e9;
  }

  /**
   * Busy time of all CPUs from the first line of /proc/stat (user, nice, system, irq, softirq: not
   * idle, iowait or steal), and steal; -1 where there is no /proc.
   */
  private static double[] machineSeconds() {
    try {
      String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long busy = 0;
      for (int i : new int[] {1, 2, 3, 6, 7}) {
        busy += Long.parseLong(fields[i]);
      }
      return new double[] {busy / TICKS_PER_SECOND, Long.parseLong(fields[8]) / TICKS_PER_SECOND};
    } catch (IOException | RuntimeException e) {
      return new double[] {-1, -1};
    }
  }
}
