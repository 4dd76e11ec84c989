package jp.jukihub.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends committed checkpoints to the witness file on a thread of its own, so neither the
 * committers nor the requests behind them wait for its fsync or for a slow volume. Opened in append
 * mode only (an append-only file attribute or WORM volume can enforce it), one fsync per line.
 * Failing to witness never fails the trail: it is logged, counted, and shown on readiness until a
 * later line is written.
 */
final class WitnessWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WitnessWriter.class);
  // About a minute of checkpoints at one a second: a stuck volume costs lines, not memory.
  private static final int CAPACITY = 64;

  private final Path file;
  private final AuditMeters meters;
  private final BlockingQueue<Checkpoint> queue = new ArrayBlockingQueue<>(CAPACITY);
  private final Thread thread;
  private volatile boolean closing;
  private volatile String problem;
  private FileChannel channel; // owned by the thread

  private WitnessWriter(Path file, AuditMeters meters, String chain) {
    this.file = file;
    this.meters = meters;
    this.thread = new Thread(this::run, "audit-witness-" + chain);
    thread.setDaemon(true);
  }

  static WitnessWriter start(Path file, AuditMeters meters, String chain) {
    WitnessWriter writer = new WitnessWriter(file, meters, chain);
    writer.thread.start();
    return writer;
  }

  /** Queues a committed checkpoint for the witness; never blocks. */
  void witness(Checkpoint checkpoint) {
    if (!queue.offer(checkpoint)) {
      failed(
          "queue_full",
          "the witness file is not keeping up: checkpoint " + checkpoint.seq() + " not witnessed",
          null);
    }
  }

  /** Why the last checkpoint could not be witnessed; null while witnessing works. */
  String problem() {
    return problem;
  }

  private void run() {
    try {
      while (!(closing && queue.isEmpty())) {
        Checkpoint checkpoint = queue.poll(100, TimeUnit.MILLISECONDS);
        if (checkpoint != null) {
          append(checkpoint);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeChannel();
    }
  }

  private void append(Checkpoint checkpoint) {
    try {
      if (channel == null) {
        open();
      }
      ByteBuffer line =
          ByteBuffer.wrap(AuditWitness.format(checkpoint).getBytes(StandardCharsets.US_ASCII));
      while (line.hasRemaining()) {
        channel.write(line);
      }
      channel.force(false);
      meters.witnessed(checkpoint.seq());
      if (problem != null) {
        log.info("audit witness {} is written again (checkpoint {})", file, checkpoint.seq());
        problem = null;
      }
    } catch (IOException | RuntimeException e) {
      closeChannel(); // reopened for the next line, which then ends a half-written one first
      failed(
          "write_failed",
          "could not witness checkpoint " + checkpoint.seq() + " in " + file + ": " + e,
          e);
    }
  }

  private void open() throws IOException {
    Path directory = file.toAbsolutePath().getParent();
    Files.createDirectories(directory);
    boolean created = !Files.exists(file);
    boolean whole = created || AuditWitness.endsWithNewline(file);
    channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    if (!whole) {
      // A crash cut the last line short: end it, so the next line is whole. Verify skips it.
      log.warn("audit witness {} ends in a torn line (a crash mid-write); ending it", file);
      channel.write(ByteBuffer.wrap(new byte[] {'\n'}));
    }
    if (created) {
      syncDirectory(directory);
    }
  }

  /** Makes the new file's name durable too, not only its contents. */
  private static void syncDirectory(Path directory) {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      log.debug("could not fsync the witness directory {}: {}", directory, e.getMessage());
    }
  }

  private void failed(String reason, String message, Throwable cause) {
    if (problem == null) {
      log.error("audit witness failing (the trail keeps recording): {}", message, cause);
    } else {
      log.warn("audit witness still failing: {}", message);
    }
    problem = message;
    meters.witnessFailed(reason);
  }

  private void closeChannel() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Every line written was forced already.
      }
      channel = null;
    }
  }

  /** Writes what is queued and closes the file. */
  @Override
  public void close() {
    closing = true;
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
