package jp.jukihub.gateway.jpki;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.config.JpkiOptions;
import jp.jukihub.jpki.RevocationSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * J-LIS's revocation information, kept current on one background thread per hub node (blocking JDBC
 * and RSA signing never touch an event loop). Every second it has the {@link OcspAnswerKeeper} sign
 * the answers of new revocations, whoever made them, take in other nodes' answers and refresh old
 * ones; every {@code jpki.crlCheckSeconds} it has the {@link CrlPublisher} re-issue the CRLs that
 * changed. Both read and write the store through the thread's {@link RevocationSession}, which owns
 * the connection (its timeouts, reconnecting after a failure). All the nodes share is the store.
 */
public final class RevocationPublisher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RevocationPublisher.class);
  private static final Duration FOLLOW_NOW_TIMEOUT = Duration.ofSeconds(10);

  private final OcspAnswerKeeper answers;
  private final CrlPublisher crls;
  private final RevocationSession session;
  private final JpkiOptions options;
  private final Clock clock;
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread t = new Thread(runnable, "jpki-publisher");
            t.setDaemon(true);
            return t;
          });
  private boolean loaded;
  private Instant nextCrlCheck = Instant.EPOCH;

  public RevocationPublisher(
      OcspAnswerKeeper answers,
      CrlPublisher crls,
      RevocationSession session,
      JpkiOptions options,
      Clock clock) {
    this.answers = answers;
    this.crls = crls;
    this.session = session;
    this.options = options;
    this.clock = clock;
  }

  /**
   * Starts the background thread. Its first pass loads the stored answers; until then (a national
   * database still down at start) OCSP signs live, and the CRLs wait.
   */
  public void start() {
    thread.scheduleWithFixedDelay(this::pass, 0, 1, TimeUnit.SECONDS);
  }

  /**
   * Signs the answers of the revocations made so far at once, on the publisher's thread (an
   * explicit revocation answers after its OCSP answer says so). Fails with STORE_UNAVAILABLE if the
   * store does, or after {@link #FOLLOW_NOW_TIMEOUT}; the next pass still follows the revocation.
   */
  public Future<Void> followNow() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    try {
      thread.execute(
          () -> {
            try {
              ready();
              answers.follow(session);
              done.complete(null);
            } catch (RuntimeException e) {
              done.completeExceptionally(e);
            }
          });
    } catch (RejectedExecutionException e) {
      done.completeExceptionally(e); // shutting down
    }
    // Back on the caller's event loop: the answer must not be written from the publisher's thread.
    Context caller = Vertx.currentContext();
    Future<Void> followed =
        caller == null
            ? Future.fromCompletionStage(done)
            : Future.fromCompletionStage(done, caller);
    return followed
        .timeout(FOLLOW_NOW_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .recover(
            failure ->
                Future.failedFuture(
                    new HubException(
                        ErrorCode.STORE_UNAVAILABLE,
                        "revoked, but the OCSP answer is not re-signed yet; it will be within seconds")));
  }

  private void pass() {
    try {
      ready();
      answers.follow(session);
      answers.sync(session);
      crls.follow(session);
      Instant now = clock.instant();
      if (!now.isBefore(nextCrlCheck)) {
        crls.publish(session, now);
        nextCrlCheck = now.plus(options.crlCheck());
      }
      answers.refresh(session);
    } catch (HubException e) {
      // Only the session throws one here, and has let its connection go: the next pass reconnects.
      // Its detail is "the certificate store failed (SQL state S)", the line the runbooks quote.
      LOG.warn("JPKI publisher: {}; trying again in a second", e.detail());
    } catch (Throwable e) {
      // Caught whole: an escaping throwable would cancel the schedule, and revocations with it.
      LOG.error("JPKI publisher: a pass failed; trying again in a second", e);
    }
  }

  /** The stored answers, loaded once. */
  private void ready() {
    if (!loaded) {
      long held = answers.load(session);
      loaded = true;
      LOG.info("JPKI: {} pre-signed OCSP answers loaded", held);
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
    try {
      if (thread.awaitTermination(5, TimeUnit.SECONDS)) {
        session.close();
      }
      // Otherwise a pass is stuck in the database: its socket timeout ends it, and the JVM's exit
      // the rest.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
