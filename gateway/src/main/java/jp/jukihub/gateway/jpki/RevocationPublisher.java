package jp.jukihub.gateway.jpki;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.buffer.Buffer;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.config.JpkiOptions;
import jp.jukihub.jpki.CrlLedger;
import jp.jukihub.jpki.CrlScope;
import jp.jukihub.jpki.Revocation;
import jp.jukihub.jpki.RevocationFeed;
import jp.jukihub.jpki.SignedResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * J-LIS's revocation information, kept current on one background thread (blocking JDBC and RSA
 * signing never touch an event loop). Every second it re-signs the OCSP answer of every revocation
 * whose stored answer does not state it yet, whoever made it (a municipality, the register, a new
 * card) and on whichever hub node, and takes in the answers other nodes signed; every {@code
 * crlCheckSeconds} it re-issues the CRLs whose scope no longer lists what they served, and any
 * older than {@code crlRefreshHours}; and it re-signs OCSP answers before they go stale. Every
 * node runs one: all they share is the store.
 */
public final class RevocationPublisher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RevocationPublisher.class);
  private static final int BATCH = 1_000;
  private static final Duration SYNC_LOOKBACK = Duration.ofSeconds(10);
  private static final Duration FOLLOW_NOW_TIMEOUT = Duration.ofSeconds(10);
  private static final CrlLedger.Contents NOTHING = new CrlLedger.Contents(0, 0);
  /** How long one pass may spend on refreshing answers, so revocations never wait behind it. */
  private static final Duration REFRESH_SLICE = Duration.ofSeconds(2);

  private final Map<JpkiAuthority.Type, OcspSigner> ocsp;
  private final Map<JpkiAuthority.Type, CrlSigner> crls;
  private final DataSource national;
  private final PresignedAnswers answers;
  private final CrlShelf shelf;
  private final JpkiOptions options;
  private final JpkiUrls urls;
  private final Clock clock;
  private final Timer crlSigning;
  private final Timer revocationDelay;
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "jpki-publisher");
        t.setDaemon(true);
        return t;
      });
  private Connection connection;
  private boolean loaded;
  private Instant syncedUpTo = Instant.EPOCH;
  private Instant nextCrlCheck = Instant.EPOCH;

  public RevocationPublisher(
      Map<JpkiAuthority.Type, JpkiAuthority> authorities, Map<JpkiAuthority.Type, OcspSigner> ocsp, DataSource national,
      PresignedAnswers answers, CrlShelf shelf, JpkiOptions options, Clock clock, MeterRegistry registry) {
    this.ocsp = ocsp;
    this.crls = new java.util.EnumMap<>(JpkiAuthority.Type.class);
    authorities.forEach((type, authority) -> crls.put(type, new CrlSigner(authority)));
    this.national = national;
    this.answers = answers;
    this.shelf = shelf;
    this.options = options;
    this.urls = new JpkiUrls(options.publicBaseUrl());
    this.clock = clock;
    this.crlSigning = Timer.builder("hub.jpki.crl.signing").description("Time to build and sign one CRL").register(registry);
    this.revocationDelay =
        Timer.builder("hub.jpki.revocation.delay")
            .description("From a revocation to its re-signed OCSP answer being served")
            .publishPercentileHistogram()
            .register(registry);
    Gauge.builder("hub.jpki.crl.age", this, RevocationPublisher::oldestCrlAgeSeconds)
        .description("Seconds since the oldest served CRL was issued (none served yet: a day)")
        .baseUnit("seconds")
        .register(registry);
  }

  /**
   * Starts the background thread. Its first pass loads the stored answers; until then (a national
   * database still down at start) OCSP signs live, and the CRLs wait.
   */
  public void start() {
    thread.scheduleWithFixedDelay(this::pass, 0, 1, TimeUnit.SECONDS);
  }

  /**
   * Re-signs the answers of the revocations made so far at once, on the publisher's thread (an
   * explicit revocation answers after its OCSP answer says so). Fails with STORE_UNAVAILABLE if the
   * store does, or after {@link #FOLLOW_NOW_TIMEOUT}; the publisher's next pass still follows it.
   */
  public io.vertx.core.Future<Void> followNow() {
    java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
    try {
      thread.execute(() -> {
        try {
          ensureLoaded();
          follow();
          done.complete(null);
        } catch (SQLException e) {
          closeConnection();
          done.completeExceptionally(e);
        } catch (RuntimeException e) {
          done.completeExceptionally(e);
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      done.completeExceptionally(e); // shutting down
    }
    // Back on the caller's event loop: the answer must not be written from the publisher's thread.
    io.vertx.core.Context caller = io.vertx.core.Vertx.currentContext();
    io.vertx.core.Future<Void> followed =
        caller == null ? io.vertx.core.Future.fromCompletionStage(done) : io.vertx.core.Future.fromCompletionStage(done, caller);
    return followed
        .timeout(FOLLOW_NOW_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .recover(failure -> io.vertx.core.Future.failedFuture(new HubException(
            ErrorCode.STORE_UNAVAILABLE, "revoked, but the OCSP answer is not re-signed yet; it will be within seconds")));
  }

  private void pass() {
    try {
      ensureLoaded();
      follow();
      sync();
      Instant now = clock.instant();
      if (!now.isBefore(nextCrlCheck)) {
        publishCrls(now);
        nextCrlCheck = now.plus(options.crlCheck());
      }
      refreshAnswers();
    } catch (SQLException e) {
      LOG.warn("JPKI publisher: the certificate store failed (SQL state {}); trying again in a second", e.getSQLState());
      closeConnection();
    } catch (Throwable e) {
      // Caught whole: an escaping throwable would cancel the schedule, and revocations with it.
      LOG.error("JPKI publisher: a pass failed; trying again in a second", e);
    }
  }

  private void ensureLoaded() throws SQLException {
    if (connection == null || connection.isClosed()) {
      connection = national.getConnection();
    }
    if (!loaded) {
      // From before the load: answers another node signs meanwhile are picked up by sync().
      syncedUpTo = clock.instant().minus(SYNC_LOOKBACK);
      RevocationFeed.eachResponse(connection, (serial, type, response) -> answers.put(type(type), serial, response));
      loaded = true;
      LOG.info("JPKI: {} pre-signed OCSP answers loaded", answers.size());
    }
  }

  /**
   * Re-signs the answer of every revocation whose stored answer does not state it yet: made by a
   * municipality, the register or a new card, on this node or another, before a crash or now.
   */
  private void follow() throws SQLException {
    List<Revocation> revocations;
    do {
      revocations = RevocationFeed.unanswered(connection, BATCH);
      if (revocations.isEmpty()) {
        return;
      }
      Instant now = clock.instant();
      List<SignedResponse> signed = new ArrayList<>(revocations.size());
      for (Revocation revocation : revocations) {
        JpkiAuthority.Type type = type(revocation.type());
        byte[] answer =
            ocsp.get(type).presign(revocation.serial(), CertificateStatus.revoked(revocation.revokedAt(), revocation.reason()),
                now, now.plus(options.ocspValidity()));
        signed.add(new SignedResponse(revocation.serial(), answer, now, revocation.seq()));
      }
      RevocationFeed.save(connection, signed);
      for (int i = 0; i < signed.size(); i++) {
        Revocation revocation = revocations.get(i);
        answers.put(type(revocation.type()), revocation.serial(), signed.get(i).response());
        revocationDelay.record(Duration.between(revocation.revokedAt(), clock.instant()).abs());
      }
    } while (revocations.size() == BATCH);
  }

  /** Takes in the answers signed since the last look, by any node (its own included, harmlessly). */
  private void sync() throws SQLException {
    Instant latest = RevocationFeed.signedSince(connection, syncedUpTo, (serial, type, response) -> answers.put(type(type), serial, response));
    // A little behind the newest seen: a node's answer commits a moment after it was signed.
    Instant next = latest.minus(SYNC_LOOKBACK);
    syncedUpTo = next.isAfter(syncedUpTo) ? next : syncedUpTo;
  }

  /**
   * Re-issues each CRL whose scope no longer lists what it served (a revocation, however late it
   * committed; a certificate that expired), or that is getting old.
   */
  private void publishCrls(Instant now) throws SQLException {
    Map<CrlScope, CrlLedger.Contents> contents = CrlLedger.contents(connection, now);
    for (CrlScope scope : scopes(contents.keySet())) {
      Optional<CrlShelf.Published> served = shelf.find(scope);
      boolean stale =
          served.isEmpty() || !served.get().contents().equals(contents.getOrDefault(scope, NOTHING))
              || served.get().thisUpdate().plus(options.crlRefresh()).isBefore(now);
      if (stale) {
        issue(scope, now);
      }
    }
  }

  private void issue(CrlScope scope, Instant now) throws SQLException {
    long started = System.nanoTime();
    JpkiAuthority.Type type = type(scope.type());
    List<RevokedEntry> entries = new ArrayList<>();
    CrlLedger.Contents listed = CrlLedger.eachEntry(connection, scope, now, (serial, at, reason) -> entries.add(new RevokedEntry(serial, at, reason)));
    Instant nextUpdate = now.plus(options.crlRefresh().multipliedBy(2));
    long number = CrlLedger.next(connection, scope, now);
    Optional<String> distributionPoint =
        scope.whole() ? Optional.empty() : Optional.of(urls.crlDistributionPoint(type, scope.shard()));
    byte[] der = crls.get(type).sign(BigInteger.valueOf(number), now, nextUpdate, distributionPoint, entries);
    shelf.put(scope, new CrlShelf.Published(Buffer.buffer(der), number, now, nextUpdate, listed));
    crlSigning.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
  }

  /** Every shard new certificates go to, every shard a revocation is listed in, and each whole type. */
  private Set<CrlScope> scopes(Set<CrlScope> revoked) {
    Set<CrlScope> scopes = new HashSet<>(revoked);
    for (JpkiAuthority.Type type : JpkiAuthority.Type.values()) {
      scopes.add(new CrlScope(type.label(), CrlScope.WHOLE));
      for (int shard = 0; shard < options.crlShards(); shard++) {
        scopes.add(new CrlScope(type.label(), shard));
      }
    }
    return scopes;
  }

  /** Re-signs the answers signed longest ago, for a bounded slice of time per pass. */
  private void refreshAnswers() throws SQLException {
    Instant deadline = clock.instant().plus(REFRESH_SLICE);
    while (clock.instant().isBefore(deadline)) {
      Instant now = clock.instant();
      List<RevocationFeed.Status> due = RevocationFeed.signedBefore(connection, now.minus(options.ocspRefresh()), BATCH / 4);
      if (due.isEmpty()) {
        return;
      }
      List<SignedResponse> signed = new ArrayList<>(due.size());
      for (RevocationFeed.Status certificate : due) {
        CertificateStatus status =
            certificate.revocation()
                .map(r -> CertificateStatus.revoked(r.revokedAt(), r.reason()))
                .orElse(CertificateStatus.good());
        signed.add(new SignedResponse(
            certificate.serial(), ocsp.get(type(certificate.type())).presign(certificate.serial(), status, now, now.plus(options.ocspValidity())),
            now, certificate.revocation().map(Revocation::seq).orElse(null)));
      }
      RevocationFeed.save(connection, signed);
      for (int i = 0; i < due.size(); i++) {
        answers.put(type(due.get(i).type()), due.get(i).serial(), signed.get(i).response());
      }
    }
  }

  private double oldestCrlAgeSeconds() {
    Map<CrlScope, CrlShelf.Published> served = shelf.all();
    if (served.isEmpty()) {
      return Duration.ofDays(1).toSeconds();
    }
    Instant oldest = served.values().stream().map(CrlShelf.Published::thisUpdate).min(Instant::compareTo).orElseThrow();
    return Duration.between(oldest, clock.instant()).toMillis() / 1000.0;
  }

  static JpkiAuthority.Type type(String label) {
    return label.equals(JpkiAuthority.Type.SIGN.label()) ? JpkiAuthority.Type.SIGN : JpkiAuthority.Type.AUTH;
  }

  private void closeConnection() {
    try {
      if (connection != null) {
        connection.close();
      }
    } catch (SQLException ignored) {
      // Already broken; the next pass opens a new one.
    }
    connection = null;
  }

  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeConnection();
  }
}
