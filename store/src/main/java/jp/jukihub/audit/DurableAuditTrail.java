package jp.jukihub.audit;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import jp.jukihub.database.DatabaseRole;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail with group commit. Requests put their events on a bounded queue; one sequencing
 * thread takes everything queued (up to a batch), chains and hashes it in order, and hands it to
 * one of a few committer threads, each with its own connection, which commits it in one
 * synchronously committed transaction and completes each request on its own event loop. Batches
 * copy their rows in parallel but move the chain head, and so commit, strictly in order. Under load
 * a batch holds whatever arrived while the committers were busy, so no record waits longer than a
 * commit and no request pays for a transaction of its own.
 *
 * <p>Fails closed: a full queue, a failed commit or a store known to be down fail the append with
 * {@code AUDIT_UNAVAILABLE}, and the request is not answered.
 *
 * <p>Each committed checkpoint also goes to the witness file, if one is configured, outside the
 * database ({@link AuditWitness}); a witness that fails is reported, never a reason to refuse.
 *
 * <p>Fair: one body may have at most {@link AuditSettings#bodyShare} records in the queue; past it,
 * its appends fail at once with {@code AUDIT_SHARE_EXCEEDED} (429), so a body flooding the trail
 * slows only itself and the others still find room. (A full queue is still {@code
 * AUDIT_UNAVAILABLE} for everyone: it is checked first.)
 */
public final class DurableAuditTrail implements AuditTrail {
  private static final Logger log = LoggerFactory.getLogger(DurableAuditTrail.class);

  private final DatabaseTarget target;
  private final AuditSettings settings;
  private final AuditSigningKey key;
  private final Clock clock;
  private final BlockingQueue<Pending> queue;
  // Records each body has in the queue; one entry per body that ever called.
  private final Map<String, AtomicInteger> queuedByBody = new ConcurrentHashMap<>();
  // Records appended and not yet completed: queued or committing.
  private final AtomicInteger waiting = new AtomicInteger();
  private final AuditMeters meters;
  private final Thread writer;
  private final WitnessWriter witness; // null: no witness file
  private volatile String unavailable;
  private volatile boolean closing;

  private final BlockingQueue<AuditBatch> batches;
  private final Semaphore idle;
  private final List<Committer> committers = new ArrayList<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  // Bumped by each recovery: committers then drop connections opened before the failure.
  private final AtomicInteger generation = new AtomicInteger();
  private static final AuditBatch STOP =
      new AuditBatch(List.of(), List.of(), ChainHead.EMPTY, null, null);

  // Owned by the sequencing thread.
  private final RecordHasher hasher = new RecordHasher();
  private AuditBatchStore control;
  private AuditBatch lastBatch;
  private ChainHead head;
  private Instant lastChained = Instant.EPOCH;
  private long sinceCheckpoint;
  private long lastCheckpointNanos = System.nanoTime();
  private long lastSignedSeq;
  private long nextPartitionAttempt = System.nanoTime();
  // No committer has been free for a commit timeout: appends are refused until one is (stalled()).
  private boolean stalled; // the writer thread's own

  // The newest head a committer has committed; commits come in chain order, threads may report
  // late.
  private final AtomicReference<ChainHead> committed = new AtomicReference<>(ChainHead.EMPTY);
  private volatile boolean stopped;

  // The longest a batch waits to grow while another commits ("flushed by size or after at most a
  // few milliseconds"); well under one commit's own time on this hardware.
  private static final long LINGER_MICROS = 1_000;

  record Pending(
      AuditEvent event,
      Promise<Void> promise,
      Context context,
      AtomicInteger held,
      long appendedNanos) {}

  private DurableAuditTrail(
      DatabaseTarget target,
      AuditSettings settings,
      AuditSigningKey key,
      Clock clock,
      MeterRegistry registry,
      Path witnessFile) {
    // Every connection of the writer, committers and control alike, logs in as its role.
    this.target = target.as(DatabaseRole.AUDIT_WRITER);
    this.settings = settings;
    this.key = key;
    this.clock = clock;
    this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
    this.meters =
        new AuditMeters(registry, queue::size, settings.queueCapacity(), () -> unavailable == null);
    meters.waiting(waiting::get);
    this.batches = new ArrayBlockingQueue<>(settings.connections() + 1);
    this.idle = new Semaphore(settings.connections());
    for (int i = 0; i < settings.connections(); i++) {
      committers.add(new Committer(i));
    }
    this.writer = new Thread(this::run, "audit-writer-" + settings.chain());
    writer.setDaemon(true);
    if (witnessFile == null) {
      this.witness = null;
    } else {
      meters.witnessing(settings.chain());
      this.witness = WitnessWriter.start(witnessFile, meters, settings.chain());
    }
  }

  /**
   * Connects, loads the chain head and starts the writer. A store that is unreachable at start does
   * not stop the hub: the trail starts unavailable (requests fail closed, readiness says why) and
   * the writer keeps trying.
   */
  public static DurableAuditTrail start(
      DatabaseTarget target,
      AuditSettings settings,
      AuditSigningKey key,
      Clock clock,
      MeterRegistry registry) {
    return start(target, settings, key, clock, registry, null);
  }

  /**
   * As {@link #start(DatabaseTarget, AuditSettings, AuditSigningKey, Clock, MeterRegistry)}, also
   * appending each committed checkpoint to {@code witnessFile} (null: no witness).
   */
  public static DurableAuditTrail start(
      DatabaseTarget target,
      AuditSettings settings,
      AuditSigningKey key,
      Clock clock,
      MeterRegistry registry,
      Path witnessFile) {
    DurableAuditTrail trail =
        new DurableAuditTrail(target, settings, key, clock, registry, witnessFile);
    try {
      trail.connect();
    } catch (SQLException e) {
      trail.unavailable = "audit store unreachable: " + e.getMessage();
      log.warn(
          "audit store unreachable at start; failing requests closed until it answers: {}",
          e.getMessage());
    }
    trail.committers.forEach(committer -> committer.thread.start());
    trail.writer.start();
    return trail;
  }

  @Override
  public Future<Void> append(AuditEvent event) {
    if (closing) {
      return rejected("the audit trail is closed", "closed");
    }
    if (unavailable != null) {
      return rejected("the audit store is unavailable", "store_down");
    }
    if (queue.remainingCapacity() == 0) {
      return rejected("the audit queue is full", "queue_full");
    }
    AtomicInteger held = queuedByBody.computeIfAbsent(event.body(), body -> new AtomicInteger());
    if (held.incrementAndGet() > settings.bodyShare()) {
      held.decrementAndGet();
      if (settings.bodyShare() >= settings.queueCapacity()) {
        // A queue too small to share is simply full (the body's count can trail the queue's by
        // the record the writer is taking out right now).
        return rejected("the audit queue is full", "queue_full");
      }
      meters.failed("over_share", 1);
      return Future.failedFuture(
          new HubException(
              ErrorCode.AUDIT_SHARE_EXCEEDED,
              "this body has "
                  + settings.bodyShare()
                  + " records waiting for the audit trail, its share of the queue; retry shortly"));
    }
    Promise<Void> promise = Promise.promise();
    Context context = Vertx.currentContext();
    waiting.incrementAndGet();
    if (!queue.offer(new Pending(event, promise, context, held, System.nanoTime()))) {
      held.decrementAndGet();
      waiting.decrementAndGet();
      return rejected("the audit queue is full", "queue_full");
    }
    if (context != null) {
      failWhenLate(context, promise);
    }
    if (stopped) {
      failQueued(
          "closed", "the audit trail is closed"); // raced with the writer's last look at the queue
    }
    return promise.future();
  }

  /**
   * A request waits for its record no longer than {@code commitTimeoutMillis}, however the store
   * fails: a server that hangs (rather than refuses) would otherwise hold it until the socket gives
   * up. The record may still be committed after its 503 (a record without an answer, never an
   * answer without a record); one not yet taken into a batch is dropped.
   */
  private void failWhenLate(Context context, Promise<Void> promise) {
    Vertx vertx = context.owner();
    long timer =
        vertx.setTimer(
            settings.commitTimeoutMillis(),
            late -> {
              if (promise.tryFail(
                  new HubException(
                      ErrorCode.AUDIT_UNAVAILABLE,
                      "the audit store did not commit the record in time"))) {
                meters.failed("commit_late", 1);
              }
            });
    promise.future().onComplete(done -> vertx.cancelTimer(timer));
  }

  private Future<Void> rejected(String detail, String reason) {
    meters.failed(reason, 1);
    return Future.failedFuture(new HubException(ErrorCode.AUDIT_UNAVAILABLE, detail));
  }

  @Override
  public Optional<String> unavailable() {
    return Optional.ofNullable(unavailable);
  }

  @Override
  public Optional<String> witnessProblem() {
    return witness == null ? Optional.empty() : Optional.ofNullable(witness.problem());
  }

  /** The chain this writer appends to. */
  public String chain() {
    return settings.chain();
  }

  @Override
  public void close() {
    closing = true;
    try {
      // The last batch may take a whole commit timeout; its successor another.
      writer.join(2L * settings.commitTimeoutMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (witness != null) {
      witness.close(); // after the writer: its last checkpoint is witnessed too
    }
  }

  private void run() {
    List<Pending> taken = new ArrayList<>(settings.maxBatch());
    try {
      while (!(closing && queue.isEmpty())) {
        if (control == null || failure.get() != null) {
          recover();
          continue;
        }
        // Wait for a free committer before forming the batch: whatever arrives meanwhile joins it,
        // so batches grow with load instead of queueing behind each other.
        if (!idle.tryAcquire(settings.commitTimeoutMillis(), TimeUnit.MILLISECONDS)) {
          stalled();
          continue;
        }
        if (stalled) {
          stalled = false;
          unavailable = null; // a committer is free again; a failure is handled by recover()
        }
        Pending first = queue.poll(pollMillis(), TimeUnit.MILLISECONDS);
        if (first == null) {
          idle.release();
          signIfDue();
          continue;
        }
        taken.add(first);
        queue.drainTo(taken, settings.maxBatch() - 1);
        linger(taken);
        dequeued(taken);
        dropAnswered(taken);
        if (taken.isEmpty()) {
          idle.release();
          continue;
        }
        boolean handedOver = false;
        try {
          handedOver = dispatch(taken);
        } catch (RuntimeException e) {
          log.error("audit writer could not dispatch a batch", e);
          failure.compareAndSet(null, e);
        } finally {
          if (!handedOver) {
            idle.release();
            meters.failed("commit_failed", taken.size());
            completeQuietly(
                taken,
                new HubException(
                    ErrorCode.AUDIT_UNAVAILABLE, "the audit trail could not record the request"));
          }
        }
        taken = new ArrayList<>(settings.maxBatch());
      }
      awaitCommitters();
      signCommittedHead();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error("audit writer stopped", e);
      unavailable = "audit writer stopped: " + e.getMessage();
    } finally {
      stopped = true;
      committers.forEach(Committer::stop);
      if (control != null) {
        control.close();
      }
      failQueued("closed", "the audit trail is closed");
    }
  }

  /**
   * While another batch is still committing, gives this one a moment to grow: a transaction costs
   * the database far more than a row, so many small ones at moderate load would spend its CPU on
   * commits. When nothing is in flight the batch goes at once, so a quiet hub answers fast.
   */
  private void linger(List<Pending> taken) throws InterruptedException {
    if (idle.availablePermits() == settings.connections() - 1
        || taken.size() >= settings.maxBatch()) {
      return; // this batch holds the only reserved committer: nothing else is in flight
    }
    long deadline = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(LINGER_MICROS);
    while (taken.size() < settings.maxBatch()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      Pending more = queue.poll(left, TimeUnit.NANOSECONDS);
      if (more == null) {
        return;
      }
      taken.add(more);
      queue.drainTo(taken, settings.maxBatch() - taken.size());
    }
  }

  /**
   * Chains the batch onto the head (in memory) and hands it to the committer reserved for it.
   * Returns false, handing nothing over, when the batch cannot be committed: the caller then fails
   * its requests and frees the committer.
   */
  private boolean dispatch(List<Pending> pendings) {
    if (failure.get() != null) {
      return false; // a batch before it failed: chaining onto it would fork; recovery comes first
    }
    ChainHead before = head;
    List<ChainedRecord> records = new ArrayList<>(pendings.size());
    Set<YearMonth> months = new LinkedHashSet<>();
    long seq = before.seq();
    byte[] prev = before.hash();
    for (Pending pending : pendings) {
      Instant at = nextInstant();
      seq++;
      byte[] hash = hasher.hash(prev, settings.chain(), seq, at, pending.event());
      records.add(new ChainedRecord(settings.chain(), seq, at, pending.event(), prev, hash));
      months.add(AuditPartitions.monthOf(at));
      prev = hash;
    }
    try {
      for (YearMonth month : months) {
        control.ensurePartition(month);
      }
    } catch (SQLException e) {
      failure.compareAndSet(null, e);
      return false;
    }
    prepareNextMonth(months.iterator().next().plusMonths(1));
    ChainedRecord last = records.get(records.size() - 1);
    Checkpoint checkpoint = null;
    if (checkpointDue(pendings.size())) {
      checkpoint =
          key.sign(
              last.chain(),
              last.seq(),
              last.hash(),
              clock.instant(),
              settings.maxUnsignedRecords());
      sinceCheckpoint = 0;
      lastSignedSeq = last.seq();
      lastCheckpointNanos = System.nanoTime();
    } else {
      sinceCheckpoint += pendings.size();
    }
    // Always wait for the batch before, finished or not: its outcome decides whether ours may
    // follow.
    AuditBatch batch = new AuditBatch(pendings, records, before, checkpoint, lastBatch);
    if (!batches.offer(batch)) {
      throw new IllegalStateException("more batches in flight than committers");
    }
    lastBatch = batch;
    head = new ChainHead(last.seq(), last.hash());
    return true;
  }

  /** A thread with its own connection that commits the batches it is handed. */
  private final class Committer implements Runnable {
    private final Thread thread;
    private AuditBatchStore store;
    private int storeGeneration;

    Committer(int index) {
      thread = new Thread(this, "audit-commit-" + settings.chain() + "-" + index);
      thread.setDaemon(true);
    }

    @Override
    public void run() {
      try {
        while (true) {
          AuditBatch batch = batches.take();
          if (batch == STOP) {
            return;
          }
          commit(batch);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        if (store != null) {
          store.close();
        }
      }
    }

    private void commit(AuditBatch batch) {
      try {
        if (store != null && storeGeneration != generation.get()) {
          store.close();
          store = null;
        }
        if (store == null) {
          storeGeneration = generation.get();
          store = AuditBatchStore.openCommitter(target, settings.commitTimeoutMillis());
        }
        store.commit(batch.records, batch.before, batch.checkpoint, batch);
        ChainedRecord last = batch.records.get(batch.records.size() - 1);
        ChainHead now = new ChainHead(last.seq(), last.hash());
        committed.accumulateAndGet(now, (a, b) -> a.seq() >= b.seq() ? a : b);
        if (batch.checkpoint != null) {
          meters.checkpointed();
          witness(batch.checkpoint);
        }
        long doneAt = System.nanoTime();
        meters.committed(
            batch.records.size(),
            doneAt - batch.created,
            doneAt - batch.pendings.get(0).appendedNanos);
        completeQuietly(batch.pendings, null);
      } catch (SQLException | RuntimeException e) {
        batch.moved.completeExceptionally(e);
        if (store != null) {
          store.close();
          store = null;
        }
        if (failure.compareAndSet(null, e)) {
          log.error(
              "audit store failed; failing requests closed until it is back: {}", e.getMessage());
        }
        unavailable = "audit store failed: " + e.getMessage();
        meters.failed("commit_failed", batch.pendings.size());
        completeQuietly(
            batch.pendings,
            new HubException(
                ErrorCode.AUDIT_UNAVAILABLE, "the audit store did not commit the record"));
      } finally {
        // Whatever ended this batch (even an Error), the next one must not wait for it forever.
        batch.moved.completeExceptionally(
            new IllegalStateException("the audit batch before did not commit"));
        batch.finished.complete(null);
        idle.release();
      }
    }

    void stop() {
      batches.offer(STOP);
    }
  }

  private boolean checkpointDue(int adding) {
    return sinceCheckpoint + adding >= settings.checkpointEveryRecords()
        || System.nanoTime() - lastCheckpointNanos
            >= TimeUnit.MILLISECONDS.toNanos(settings.checkpointEveryMillis());
  }

  /**
   * Idle: sign the committed head if records wait for a checkpoint and its time has come. Only a
   * head a committer has committed is signed, never the in-memory one: a batch that failed must not
   * leave a signature for records that do not exist.
   */
  private void signIfDue() {
    if (sinceCheckpoint == 0 || !checkpointDue(0)) {
      return;
    }
    try {
      signCommittedHead();
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e);
    }
  }

  private void signCommittedHead() {
    if (control == null
        || failure.get() != null
        || idle.availablePermits() < settings.connections()) {
      return; // a failure is being recovered, or batches are still in flight
    }
    ChainHead signed = committed.get();
    if (signed.seq() <= lastSignedSeq) {
      return;
    }
    Checkpoint checkpoint =
        key.sign(
            settings.chain(),
            signed.seq(),
            signed.hash(),
            clock.instant(),
            settings.maxUnsignedRecords());
    try {
      control.commit(checkpoint);
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    lastSignedSeq = signed.seq();
    sinceCheckpoint = 0;
    lastCheckpointNanos = System.nanoTime();
    meters.checkpointed();
    witness(checkpoint);
  }

  /** Only once the checkpoint is committed: the witness never holds what the trail does not. */
  private void witness(Checkpoint checkpoint) {
    if (witness != null) {
      witness.witness(checkpoint);
    }
  }

  /**
   * Creates next month's partition early; failing here (a lock held by a long read) is retried
   * later.
   */
  private void prepareNextMonth(YearMonth month) {
    if (System.nanoTime() < nextPartitionAttempt) {
      return;
    }
    try {
      control.ensurePartition(month);
    } catch (SQLException e) {
      // Usually a long verify or export holds the table: try again in a minute, a month ahead.
      nextPartitionAttempt = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
      log.warn(
          "could not yet create the audit partition for {} (retrying in a minute): {}",
          month,
          e.getMessage());
    }
  }

  private long pollMillis() {
    return sinceCheckpoint == 0
        ? 100
        : Math.max(1, Math.min(100, settings.checkpointEveryMillis()));
  }

  /** Time of the next record: the clock, but never earlier than the chain's last record. */
  private Instant nextInstant() {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    if (now.isBefore(lastChained)) {
      now = lastChained;
    }
    lastChained = now;
    return now;
  }

  private void awaitCommitters() throws InterruptedException {
    idle.acquire(settings.connections());
    idle.release(settings.connections());
  }

  private void connect() throws SQLException {
    AuditBatchStore opened = AuditBatchStore.open(target, settings.commitTimeoutMillis());
    try {
      head = opened.head(settings.chain());
      Instant now = clock.instant();
      if (head.lastAt().isAfter(now.plus(Duration.ofMinutes(5)))) {
        // Clamping to a time far ahead would date every new record wrong; a clock that jumped
        // backwards is the smaller harm. Say so loudly.
        log.error(
            "the last audit record of chain '{}' is dated {}, ahead of this clock ({}): check NTP",
            settings.chain(),
            head.lastAt(),
            now);
      } else if (head.lastAt().isAfter(lastChained)) {
        lastChained = head.lastAt();
      }
      YearMonth month = AuditPartitions.monthOf(clock.instant());
      opened.ensurePartition(month);
      opened.ensurePartition(month.plusMonths(1));
    } catch (SQLException | RuntimeException e) {
      opened.close();
      throw e;
    }
    control = opened;
    committed.set(head);
    // Whether the head is signed already is not known here: sign it once more when idle (a
    // checkpoint that exists is left as it is).
    lastSignedSeq = -1;
    sinceCheckpoint =
        head.seq() > 0 ? settings.checkpointEveryRecords() : 0; // the next batch signs
  }

  /**
   * After a failure: let the batches in flight finish (they fail in turn), fail what is queued, and
   * reconnect. The head is reloaded from the store, because the outcome of the failed commit may be
   * unknown: the chain continues from what was really committed.
   */
  private void recover() throws InterruptedException {
    Throwable cause = failure.get();
    if (cause != null) {
      unavailable = "audit store failed: " + cause.getMessage();
    }
    awaitCommitters();
    failQueued("store_down", "the audit store is unavailable");
    if (control != null) {
      control.close();
      control = null;
    }
    lastBatch = null;
    generation.incrementAndGet();
    try {
      connect();
      failure.set(null);
      unavailable = null;
      log.info(
          "audit store reachable; chain '{}' continues after record {}",
          settings.chain(),
          head.seq());
    } catch (SQLException | RuntimeException e) {
      unavailable = "audit store unreachable: " + e.getMessage();
      failQueued("store_down", "the audit store is unavailable");
      Thread.sleep(settings.retryMillis());
    }
  }

  private void failQueued(String reason, String detail) {
    List<Pending> drained = new ArrayList<>();
    queue.drainTo(drained);
    dequeued(drained);
    if (!drained.isEmpty()) {
      meters.failed(reason, drained.size());
      complete(drained, new HubException(ErrorCode.AUDIT_UNAVAILABLE, detail));
    }
  }

  /**
   * Every committer has been busy for a whole commit timeout: the store hangs (a store that fails
   * is handled by recover()). Requests are refused at once until a committer is free again, rather
   * than queued only to time out, so the queue stays short however long the hang lasts.
   */
  private void stalled() {
    if (!stalled) {
      stalled = true;
      unavailable =
          "the audit store has not committed for " + settings.commitTimeoutMillis() + " ms";
      log.error("audit store hangs; failing requests closed until it commits again");
    }
    failQueued("store_down", "the audit store is unavailable");
  }

  /** Drops records whose requests were answered already (503: they waited too long). */
  private void dropAnswered(List<Pending> taken) {
    taken.removeIf(
        pending -> {
          if (pending.promise().future().isComplete()) {
            waiting.decrementAndGet();
            return true;
          }
          return false;
        });
  }

  /** Records out of the queue (into a batch, or failed): their bodies' shares are free again. */
  private static void dequeued(List<Pending> pendings) {
    pendings.forEach(pending -> pending.held().decrementAndGet());
  }

  /** For committer threads, which must survive a Vert.x that is already closing. */
  private void completeQuietly(List<Pending> batch, HubException failure) {
    try {
      complete(batch, failure);
    } catch (RuntimeException e) {
      log.warn("could not complete audited requests: {}", e.getMessage());
    }
  }

  /** Completes each request on its own context, one hop per context rather than per request. */
  private void complete(List<Pending> batch, HubException failure) {
    Map<Context, List<Promise<Void>>> byContext = new LinkedHashMap<>();
    for (Pending pending : batch) {
      waiting.decrementAndGet();
      if (pending.context() == null) {
        settle(pending.promise(), failure);
      } else {
        byContext.computeIfAbsent(pending.context(), c -> new ArrayList<>()).add(pending.promise());
      }
    }
    byContext.forEach(
        (context, promises) ->
            context.runOnContext(v -> promises.forEach(p -> settle(p, failure))));
  }

  private static void settle(Promise<Void> promise, HubException failure) {
    // A request that waited too long was failed already (failWhenLate).
    if (failure == null) {
      promise.tryComplete();
    } else {
      promise.tryFail(failure);
    }
  }
}
