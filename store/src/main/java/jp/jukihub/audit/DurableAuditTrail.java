package jp.jukihub.audit;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.sql.SQLException;
import java.time.Clock;
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
import java.util.concurrent.TimeUnit;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail with group commit. Requests put their events on a bounded queue; one writer
 * thread takes everything queued (up to a batch), chains and hashes it, and commits it in one
 * synchronously committed transaction, then completes each request on its own event loop. Under
 * load a batch holds whatever arrived during the previous commit, so no record waits longer than
 * one commit and no request pays for a transaction of its own.
 *
 * <p>Fails closed: a full queue, a failed commit or a store known to be down fail the append with
 * {@code AUDIT_UNAVAILABLE}, and the request is not answered.
 */
public final class DurableAuditTrail implements AuditTrail {
  private static final Logger log = LoggerFactory.getLogger(DurableAuditTrail.class);

  private final DatabaseTarget target;
  private final AuditSettings settings;
  private final AuditSigningKey key;
  private final Clock clock;
  private final BlockingQueue<Pending> queue;
  private final AuditMeters meters;
  private final Thread writer;
  private volatile String unavailable;
  private volatile boolean closing;

  // Owned by the writer thread.
  private final RecordHasher hasher = new RecordHasher();
  private AuditBatchStore store;
  private ChainHead head;
  private Instant lastChained = Instant.EPOCH;
  private long sinceCheckpoint;
  private long lastCheckpointNanos = System.nanoTime();

  private record Pending(AuditEvent event, Promise<Void> promise, Context context) {}

  private DurableAuditTrail(
      DatabaseTarget target, AuditSettings settings, AuditSigningKey key, Clock clock, MeterRegistry registry) {
    this.target = target;
    this.settings = settings;
    this.key = key;
    this.clock = clock;
    this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
    this.meters = new AuditMeters(registry, queue::size, settings.queueCapacity(), () -> unavailable == null);
    this.writer = new Thread(this::run, "audit-writer-" + settings.chain());
    writer.setDaemon(true);
  }

  /**
   * Connects, loads the chain head and starts the writer. A store that is unreachable at start does
   * not stop the hub: the trail starts unavailable (requests fail closed, readiness says why) and
   * the writer keeps trying.
   */
  public static DurableAuditTrail start(
      DatabaseTarget target, AuditSettings settings, AuditSigningKey key, Clock clock, MeterRegistry registry) {
    DurableAuditTrail trail = new DurableAuditTrail(target, settings, key, clock, registry);
    try {
      trail.connect();
    } catch (SQLException e) {
      trail.unavailable = "audit store unreachable: " + e.getMessage();
      log.warn("audit store unreachable at start; failing requests closed until it answers: {}", e.getMessage());
    }
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
    Promise<Void> promise = Promise.promise();
    if (!queue.offer(new Pending(event, promise, Vertx.currentContext()))) {
      return rejected("the audit queue is full", "queue_full");
    }
    return promise.future();
  }

  private Future<Void> rejected(String detail, String reason) {
    meters.failed(reason, 1);
    return Future.failedFuture(new HubException(ErrorCode.AUDIT_UNAVAILABLE, detail));
  }

  @Override
  public Optional<String> unavailable() {
    return Optional.ofNullable(unavailable);
  }

  /** The chain this writer appends to. */
  public String chain() {
    return settings.chain();
  }

  @Override
  public void close() {
    closing = true;
    try {
      writer.join(TimeUnit.MILLISECONDS.toMillis(settings.commitTimeoutMillis()) * 2);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    List<Pending> batch = new ArrayList<>(settings.maxBatch());
    try {
      while (!(closing && queue.isEmpty())) {
        if (store == null) {
          reconnect();
          continue;
        }
        Pending first = queue.poll(pollMillis(), TimeUnit.MILLISECONDS);
        if (first == null) {
          signIfDue();
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, settings.maxBatch() - 1);
        write(batch);
        batch.clear();
      }
      if (store != null && sinceCheckpoint > 0) {
        store.commit(key.sign(settings.chain(), head.seq(), head.hash(), clock.instant()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SQLException | RuntimeException e) {
      log.error("audit writer stopped while closing", e);
    } finally {
      if (store != null) {
        store.close();
      }
      failQueued("the audit trail is closed");
    }
  }

  private void write(List<Pending> batch) {
    long started = System.nanoTime();
    ChainHead before = head;
    List<ChainedRecord> records = new ArrayList<>(batch.size());
    Set<YearMonth> months = new LinkedHashSet<>();
    long seq = before.seq();
    byte[] prev = before.hash();
    for (Pending pending : batch) {
      Instant at = nextInstant();
      seq++;
      byte[] hash = hasher.hash(prev, settings.chain(), seq, at, pending.event());
      records.add(new ChainedRecord(settings.chain(), seq, at, pending.event(), prev, hash));
      months.add(AuditPartitions.monthOf(at));
      prev = hash;
    }
    ChainedRecord last = records.get(records.size() - 1);
    Checkpoint checkpoint = checkpointDue(batch.size()) ? key.sign(last.chain(), last.seq(), last.hash(), clock.instant()) : null;
    try {
      for (YearMonth month : months) {
        store.ensurePartition(month);
      }
      store.commit(records, before, checkpoint);
    } catch (SQLException | RuntimeException e) {
      meters.failed("commit_failed", batch.size());
      markDown(e);
      complete(batch, new HubException(ErrorCode.AUDIT_UNAVAILABLE, "the audit store did not commit the record"));
      return;
    }
    head = new ChainHead(last.seq(), last.hash());
    if (checkpoint != null) {
      sinceCheckpoint = 0;
      lastCheckpointNanos = System.nanoTime();
      meters.checkpointed();
    } else {
      sinceCheckpoint += batch.size();
    }
    meters.committed(batch.size(), System.nanoTime() - started);
    complete(batch, null);
  }

  private boolean checkpointDue(int adding) {
    return sinceCheckpoint + adding >= settings.checkpointEveryRecords()
        || System.nanoTime() - lastCheckpointNanos >= TimeUnit.MILLISECONDS.toNanos(settings.checkpointEveryMillis());
  }

  /** Idle: sign the head if records are waiting for a checkpoint and its time has come. */
  private void signIfDue() {
    if (sinceCheckpoint == 0 || !checkpointDue(0)) {
      return;
    }
    try {
      store.commit(key.sign(settings.chain(), head.seq(), head.hash(), clock.instant()));
      sinceCheckpoint = 0;
      lastCheckpointNanos = System.nanoTime();
      meters.checkpointed();
    } catch (SQLException | RuntimeException e) {
      markDown(e);
    }
  }

  private long pollMillis() {
    return sinceCheckpoint == 0 ? 100 : Math.max(1, Math.min(100, settings.checkpointEveryMillis()));
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

  private void connect() throws SQLException {
    AuditBatchStore opened = AuditBatchStore.open(target, settings.commitTimeoutMillis());
    try {
      head = opened.head(settings.chain());
      YearMonth month = AuditPartitions.monthOf(clock.instant());
      opened.ensurePartition(month);
      opened.ensurePartition(month.plusMonths(1));
    } catch (SQLException | RuntimeException e) {
      opened.close();
      throw e;
    }
    store = opened;
  }

  private void reconnect() throws InterruptedException {
    try {
      connect();
      log.info("audit store reachable again; chain '{}' resumes after record {}", settings.chain(), head.seq());
      unavailable = null;
    } catch (SQLException | RuntimeException e) {
      unavailable = "audit store unreachable: " + e.getMessage();
      failQueued("the audit store is unavailable");
      Thread.sleep(settings.retryMillis());
    }
  }

  private void markDown(Exception cause) {
    // The commit's outcome may be unknown: reconnecting reloads the head from the store, so the
    // chain continues from what was really committed.
    log.error("audit store failed; failing requests closed until it is back: {}", cause.getMessage());
    unavailable = "audit store failed: " + cause.getMessage();
    store.close();
    store = null;
    failQueued("the audit store is unavailable");
  }

  private void failQueued(String detail) {
    List<Pending> waiting = new ArrayList<>();
    queue.drainTo(waiting);
    if (!waiting.isEmpty()) {
      meters.failed("store_down", waiting.size());
      complete(waiting, new HubException(ErrorCode.AUDIT_UNAVAILABLE, detail));
    }
  }

  /** Completes each request on its own context, one hop per context rather than per request. */
  private static void complete(List<Pending> batch, HubException failure) {
    Map<Context, List<Promise<Void>>> byContext = new LinkedHashMap<>();
    for (Pending pending : batch) {
      if (pending.context() == null) {
        settle(pending.promise(), failure);
      } else {
        byContext.computeIfAbsent(pending.context(), c -> new ArrayList<>()).add(pending.promise());
      }
    }
    byContext.forEach(
        (context, promises) -> context.runOnContext(v -> promises.forEach(p -> settle(p, failure))));
  }

  private static void settle(Promise<Void> promise, HubException failure) {
    if (failure == null) {
      promise.complete();
    } else {
      promise.fail(failure);
    }
  }
}
