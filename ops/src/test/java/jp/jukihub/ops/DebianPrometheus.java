package jp.jukihub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Prometheus (package {@code prometheus}: the server and promtool) for the ops checks.
 * {@code scripts/ensure-prometheus} installs it when missing and the machine can (root with
 * apt-get); where it cannot, the checks that need it are skipped, saying why. Once it is there, a
 * file it rejects fails the build.
 */
final class DebianPrometheus {
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
  private static Optional<String> unavailable;

  private DebianPrometheus() {}

  /** Skips the calling test, with the reason, unless prometheus, promtool and curl are on PATH. */
  static void assume() {
    Optional<String> reason = unavailable();
    Assumptions.assumeTrue(reason.isEmpty(), () -> "skipped: " + reason.orElse(""));
  }

  private static synchronized Optional<String> unavailable() {
    if (unavailable == null) {
      Run ensure =
          run(INSTALL_TIMEOUT, "bash", OpsFiles.SCRIPTS.resolve("ensure-prometheus").toString());
      unavailable = ensure.exit() == 0 ? Optional.empty() : Optional.of(ensure.output().strip());
    }
    return unavailable;
  }

  /** promtool with these arguments, from the module's directory; fails the test on a timeout. */
  static Run promtool(String... arguments) {
    List<String> command = new ArrayList<>(List.of("promtool"));
    command.addAll(List.of(arguments));
    return run(Duration.ofMinutes(1), command.toArray(String[]::new));
  }

  record Run(int exit, String output) {}

  static Run run(Duration timeout, String... command) {
    try {
      Path output = Files.createTempFile("jukihub-ops-", ".out");
      try {
        Process process =
            new ProcessBuilder(command)
                .directory(OpsFiles.MODULE.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!ended) {
          // TERM first: the smoke script then stops the Prometheus it started.
          process.destroy();
          if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
          }
        }
        assertThat(ended).as("%s ended within %s", String.join(" ", command), timeout).isTrue();
        return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
