package jp.jukihub.portal;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import jp.jukihub.database.SqlFailures;
import jp.jukihub.database.StorePool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the residents' notices (お知らせ): provisions of their data and changes to their record from
 * the audit trail, revocations and coming expiries from J-LIS's certificates. Each pass reads only
 * what came after the cursors of the one before ({@code portal.notice_cursor}), and inserts each
 * notice at most once (its source is unique) in the transaction that moves the cursor, so a pass
 * cut short, taken again, or run after a restart makes no notice twice and misses none.
 *
 * <p>Passes never overlap: {@link #runOnce()} starts after the pass before has finished, and the
 * timer of {@link #start} skips a tick while one runs. A failed pass is logged once and the next
 * tick tries again from the cursors.
 */
public final class NoticeLane implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NoticeLane.class);

  /** Records or certificates read per transaction. */
  static final int BATCH = 1_000;

  /** The notices one pass created, by kind. */
  public record Created(int provided, int recordChanged, int revoked, int expiring) {
    public static final Created NONE = new Created(0, 0, 0, 0);

    public int total() {
      return provided + recordChanged + revoked + expiring;
    }

    public Created plus(Created other) {
      return new Created(
          provided + other.provided,
          recordChanged + other.recordChanged,
          revoked + other.revoked,
          expiring + other.expiring);
    }

    Created plus(NoticeKind kind) {
      return plus(
          switch (kind) {
            case PROVIDED -> new Created(1, 0, 0, 0);
            case RECORD_CHANGED -> new Created(0, 1, 0, 0);
            case CERTIFICATE_REVOKED -> new Created(0, 0, 1, 0);
            case CERTIFICATE_EXPIRING -> new Created(0, 0, 0, 1);
          });
    }
  }

  private final AuditNoticeScan trail;
  private final CertificateNoticeScan certificates;
  private final Clock clock;
  private Future<Created> last = Future.succeededFuture(Created.NONE);
  private Vertx vertx;
  private long timer = -1;
  private volatile boolean closed;

  /** {@code audit} holds the trail and the notices, {@code national} J-LIS's certificates. */
  public NoticeLane(StorePool audit, StorePool national, Clock clock) {
    this(audit, national, clock, BATCH);
  }

  NoticeLane(StorePool audit, StorePool national, Clock clock, int batch) {
    this.trail = new AuditNoticeScan(audit.pool(), batch);
    this.certificates = new CertificateNoticeScan(national.pool(), audit.pool(), batch);
    this.clock = clock;
  }

  /** One pass, after the one before has finished; answers how many notices it created. */
  public Future<Integer> runOnce() {
    return pass().map(Created::total);
  }

  /** One pass, as {@link #runOnce()}, with its notices counted by kind (for meters). */
  public synchronized Future<Created> pass() {
    Future<Created> next = last.transform(before -> passNow());
    last = next;
    return next;
  }

  /** Runs a pass every {@code every} until {@link #close()}. */
  public synchronized void start(Vertx vertx, Duration every) {
    start(vertx, every, created -> {});
  }

  /**
   * As {@link #start(Vertx, Duration)}, telling {@code counted} what each pass created (meters).
   */
  public synchronized void start(Vertx vertx, Duration every, Consumer<Created> counted) {
    if (timer >= 0) {
      throw new IllegalStateException("the notice lane is running already");
    }
    this.vertx = vertx;
    this.closed = false;
    this.timer = vertx.setPeriodic(every.toMillis(), tick -> tick(counted));
  }

  /**
   * Stops the timer. A pass under way goes on until it ends or its pools close; either way what it
   * committed stays, batch by batch, and the next start continues from there.
   */
  @Override
  public synchronized void close() {
    closed = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  private synchronized void tick(Consumer<Created> counted) {
    if (!last.isComplete()) {
      return; // the pass before is still reading: the next tick looks again
    }
    pass().onSuccess(counted::accept).onFailure(this::failed);
  }

  private void failed(Throwable failure) {
    if (closed) {
      // Its pools are likely closing with the hub: no one to retry, nothing to warn of.
      log.debug("notice pass ended by the lane's close: {}", describe(failure));
    } else {
      log.warn(
          "notice pass failed; the next one starts from the same cursors: {}", describe(failure));
    }
  }

  private Future<Created> passNow() {
    Instant now = clock.instant();
    return trail
        .run(now)
        .compose(fromTrail -> certificates.revocations(now).map(fromTrail::plus))
        .compose(sofar -> certificates.expiring(now).map(sofar::plus))
        .recover(e -> SqlFailures.unavailable("the notice lane could not finish its pass", e));
  }

  /** A failure without values: a database's message may quote a row. */
  private static String describe(Throwable failure) {
    Throwable cause = failure.getCause() == null ? failure : failure.getCause();
    return failure.getMessage() + " (" + SqlFailures.withoutValues(cause).getMessage() + ")";
  }
}
