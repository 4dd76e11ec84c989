package jp.jukihub.gateway.jpki;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code openssl} for tests that must prove other software reads what the hub writes.
 * openssl missing fails the test rather than skipping it: a skipped check proves nothing.
 */
public final class OpensslCommand {
  private static final long TIMEOUT_SECONDS = 30;

  /** What openssl answered. */
  public record Result(int exitCode, String stdout, String stderr) {
    /** Both streams, as a terminal shows them: openssl prints verdicts to either. */
    public String output() {
      return stdout + stderr;
    }
  }

  private OpensslCommand() {}

  public static Result run(String... args) {
    return run(new byte[0], args);
  }

  /** Runs {@code openssl args...} with {@code stdin} as its input; fails if it takes over 30 s. */
  public static Result run(byte[] stdin, String... args) {
    return run(null, stdin, args);
  }

  /** Runs {@code openssl args...} in {@code directory}, so that arguments may name its files. */
  public static Result runIn(java.nio.file.Path directory, String... args) {
    return run(directory, new byte[0], args);
  }

  private static Result run(java.nio.file.Path directory, byte[] stdin, String... args) {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    try {
      ProcessBuilder builder = new ProcessBuilder(command);
      if (directory != null) {
        builder.directory(directory.toFile());
      }
      Process process = builder.start();
      // Both pipes drain at once, so a chatty openssl never blocks on a full one.
      CompletableFuture<String> stdout =
          CompletableFuture.supplyAsync(() -> text(process.getInputStream()));
      CompletableFuture<String> stderr =
          CompletableFuture.supplyAsync(() -> text(process.getErrorStream()));
      try (OutputStream in = process.getOutputStream()) {
        in.write(stdin);
      }
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(
            "openssl " + String.join(" ", args) + " did not end within " + TIMEOUT_SECONDS + " s");
      }
      return new Result(process.exitValue(), stdout.join(), stderr.join());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run openssl (is it installed?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for openssl", e);
    }
  }

  private static String text(InputStream stream) {
    try (stream) {
      return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
