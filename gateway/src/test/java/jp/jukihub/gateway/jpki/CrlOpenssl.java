package jp.jukihub.gateway.jpki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code openssl} in a directory, with a time limit, for the CRL tests. */
final class CrlOpenssl {
  /** Its exit status and what it wrote, stdout and stderr together. */
  record Result(int exitCode, String output) {}

  private static final long TIMEOUT_SECONDS = 60;

  private final Path directory;

  CrlOpenssl(Path directory) {
    this.directory = directory;
  }

  static boolean available() {
    try {
      Process process = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  Result run(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(arguments));
    Path log = directory.resolve("openssl.log");
    // Output to a file, not a pipe: a full pipe cannot stall openssl past the time limit.
    Process process =
        new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("openssl " + String.join(" ", arguments) + " took over " + TIMEOUT_SECONDS + " s");
    }
    return new Result(process.exitValue(), java.nio.file.Files.readString(log, StandardCharsets.UTF_8));
  }
}
