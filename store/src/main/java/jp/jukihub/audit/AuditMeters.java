package jp.jukihub.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/** The writer's meters: queue, batches, commit latency, records, checkpoints and failures. */
final class AuditMeters {
  /**
   * Every reason a request can be refused, registered at zero: a counter that first appears at 1
   * gives Prometheus's {@code rate()} nothing to compare, so the first refusals would not alert.
   */
  static final List<String> FAILURE_REASONS =
      List.of("queue_full", "over_share", "store_down", "commit_failed", "commit_late", "closed");

  private final MeterRegistry registry;
  private final DistributionSummary batchSize;
  private final Timer commit;
  private final Timer waited;
  private final Counter records;
  private final Counter checkpoints;
  private final AtomicLong witnessedSeq = new AtomicLong();

  /** Every reason a checkpoint may miss the witness, registered at zero as above. */
  static final List<String> WITNESS_FAILURE_REASONS = List.of("write_failed", "queue_full");

  AuditMeters(MeterRegistry registry, IntSupplier depth, int capacity, BooleanSupplier available) {
    this.registry = registry;
    Gauge.builder("hub.audit.queue.depth", depth::getAsInt)
        .description("audit records waiting for a commit")
        .register(registry);
    Gauge.builder("hub.audit.queue.capacity", () -> capacity)
        .description("most audit records that may wait; beyond it requests fail closed")
        .register(registry);
    Gauge.builder("hub.audit.available", () -> available.getAsBoolean() ? 1 : 0)
        .description("1 while the audit store accepts records, 0 while requests fail closed")
        .register(registry);
    batchSize =
        DistributionSummary.builder("hub.audit.batch.size")
            .description("records per audit transaction")
            .baseUnit("records")
            .publishPercentileHistogram()
            .register(registry);
    commit =
        Timer.builder("hub.audit.commit")
            .description(
                "time from a batch being formed to its durable commit, waiting for the batch before included")
            .publishPercentileHistogram()
            .register(registry);
    waited =
        Timer.builder("hub.audit.wait")
            .description(
                "per batch, from its first record's append to the batch's durable commit: the longest"
                    + " a request of the batch waited for its record (queue, a free committer, the"
                    + " commit)")
            .publishPercentileHistogram()
            .register(registry);
    records =
        Counter.builder("hub.audit.records")
            .description("audit records committed")
            .register(registry);
    checkpoints =
        Counter.builder("hub.audit.checkpoints")
            .description("signed checkpoints committed")
            .register(registry);
    FAILURE_REASONS.forEach(this::failure);
  }

  /**
   * A batch of {@code count} committed {@code nanos} after it was formed, and {@code waitedNanos}
   * after its first record was appended: the longest any of its requests waited for the trail.
   */
  void committed(int count, long nanos, long waitedNanos) {
    batchSize.record(count);
    commit.record(nanos, TimeUnit.NANOSECONDS);
    waited.record(waitedNanos, TimeUnit.NANOSECONDS);
    records.increment(count);
  }

  void checkpointed() {
    checkpoints.increment();
  }

  /**
   * Registers the witness's meters, once a witness file is configured: the last sequence number
   * witnessed (it should follow the chain's records within a checkpoint interval) and the
   * checkpoints that could not be witnessed.
   */
  void witnessing(String chain) {
    Gauge.builder("hub.audit.witness.seq", witnessedSeq::get)
        .description("the last checkpoint's record number appended to the witness file")
        .tag("chain", chain)
        .register(registry);
    WITNESS_FAILURE_REASONS.forEach(this::witnessFailure);
  }

  void witnessed(long seq) {
    witnessedSeq.accumulateAndGet(seq, Math::max);
  }

  /** A checkpoint not witnessed: reason is write_failed or queue_full. */
  void witnessFailed(String reason) {
    witnessFailure(reason).increment();
  }

  private Counter witnessFailure(String reason) {
    return Counter.builder("hub.audit.witness.failures")
        .description("signed checkpoints that could not be appended to the witness file")
        .tag("reason", reason)
        .register(registry);
  }

  /** Records waiting for a commit, queued or in a batch being committed. */
  void waiting(java.util.function.IntSupplier records) {
    Gauge.builder("hub.audit.waiting", records::getAsInt)
        .description("audit records waiting for a commit, queued or committing")
        .register(registry);
  }

  /**
   * Requests refused: reason is queue_full, over_share (the body's share of the queue is full),
   * store_down, commit_failed, commit_late (not committed within the commit timeout) or closed.
   */
  void failed(String reason, int count) {
    failure(reason).increment(count);
  }

  private Counter failure(String reason) {
    return Counter.builder("hub.audit.failures")
        .description("requests refused because their audit record could not be committed")
        .tag("reason", reason)
        .register(registry);
  }
}
