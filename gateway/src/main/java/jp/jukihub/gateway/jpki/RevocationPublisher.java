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
 * signing never touch an event loop). Every second it follows new revocations in the order the
 * store gave them, whoever made them (a municipality, the register, a new card), and re-signs
 * their OCSP answers; every {@code crlCheckSeconds} it re-issues the CRLs whose scope has a new
 * revocation or whose last issue is older than {@code crlRefreshHours}; and it re-signs OCSP
 * answers before they go stale.
 */
public final class RevocationPublisher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RevocationPublisher.class);
  private static final int BATCH = 1_000;
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
  private long cursor;
  private boolean loaded;
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
   * Starts the background thread. Its first pass loads the stored answers, reading the cursor
   * before them, so a revocation made meanwhile is followed again, never missed; until then (a
   * national database still down at start) OCSP signs live, and the CRLs wait.
   */
  public void start() {
    thread.scheduleWithFixedDelay(this::pass, 0, 1, TimeUnit.SECONDS);
  }

  private void load() throws SQLException {
    long seq = RevocationFeed.lastSeq(connection);
    RevocationFeed.eachResponse(connection, (serial, type, response) -> answers.put(type(type), serial, response));
    cursor = seq;
    loaded = true;
    LOG.info("JPKI: {} pre-signed OCSP answers loaded", answers.size());
  }

  /**
   * Follows the revocations made so far at once, on the publisher's thread (an explicit
   * revocation answers after its OCSP answer is re-signed). Fails if the store does.
   */
  public io.vertx.core.Future<Void> followNow() {
    java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
    thread.execute(() -> {
      try {
        ensureConnection();
        if (!loaded) {
          load();
        }
        follow();
        done.complete(null);
      } catch (SQLException e) {
        closeConnection();
        done.completeExceptionally(new HubException(ErrorCode.STORE_UNAVAILABLE, "the OCSP answer could not be re-signed yet"));
      } catch (RuntimeException e) {
        done.completeExceptionally(e);
      }
    });
    // Back on the caller's event loop: the answer must not be written from the publisher's thread.
    io.vertx.core.Context caller = io.vertx.core.Vertx.currentContext();
    return caller == null ? io.vertx.core.Future.fromCompletionStage(done) : io.vertx.core.Future.fromCompletionStage(done, caller);
  }

  private void ensureConnection() throws SQLException {
    if (connection == null || connection.isClosed()) {
      connection = national.getConnection();
    }
  }

  private void pass() {
    try {
      ensureConnection();
      if (!loaded) {
        load();
      }
      follow();
      Instant now = clock.instant();
      if (!now.isBefore(nextCrlCheck)) {
        publishCrls(now);
        nextCrlCheck = now.plus(options.crlCheck());
      }
      refreshAnswers();
    } catch (SQLException e) {
      LOG.warn("JPKI publisher: the certificate store failed (SQL state {}); trying again in a second", e.getSQLState());
      closeConnection();
    } catch (RuntimeException e) {
      LOG.error("JPKI publisher: a pass failed; trying again in a second", e);
    }
  }

  /** Re-signs the answers of every revocation since the last pass. */
  private void follow() throws SQLException {
    List<Revocation> revocations;
    do {
      revocations = RevocationFeed.after(connection, cursor, BATCH);
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
        signed.add(new SignedResponse(revocation.serial(), answer, now));
      }
      RevocationFeed.save(connection, signed);
      for (int i = 0; i < signed.size(); i++) {
        Revocation revocation = revocations.get(i);
        answers.put(type(revocation.type()), revocation.serial(), signed.get(i).response());
        revocationDelay.record(Duration.between(revocation.revokedAt(), clock.instant()).abs());
      }
      cursor = revocations.get(revocations.size() - 1).seq();
    } while (revocations.size() == BATCH);
  }

  /** Re-issues each CRL whose scope saw a revocation since its last issue, or that is getting old. */
  private void publishCrls(Instant now) throws SQLException {
    Map<CrlScope, Long> newest = CrlLedger.newestRevocations(connection);
    Map<CrlScope, CrlLedger.Issued> issued = CrlLedger.issued(connection);
    for (CrlScope scope : scopes(newest.keySet())) {
      Optional<CrlShelf.Published> served = shelf.find(scope);
      CrlLedger.Issued last = issued.get(scope);
      boolean stale =
          served.isEmpty() || last == null || newest.getOrDefault(scope, 0L) > last.coversSeq()
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
    long covers = CrlLedger.eachEntry(connection, scope, now, (serial, at, reason) -> entries.add(new RevokedEntry(serial, at, reason)));
    Instant nextUpdate = now.plus(options.crlRefresh().multipliedBy(2));
    long number = CrlLedger.next(connection, scope, now, covers);
    Optional<String> distributionPoint =
        scope.whole() ? Optional.empty() : Optional.of(urls.crlDistributionPoint(type, scope.shard()));
    byte[] der = crls.get(type).sign(BigInteger.valueOf(number), now, nextUpdate, distributionPoint, entries);
    shelf.put(scope, new CrlShelf.Published(Buffer.buffer(der), number, now, nextUpdate, entries.size()));
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
            certificate.serial(), ocsp.get(type(certificate.type())).presign(certificate.serial(), status, now, now.plus(options.ocspValidity())), now));
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
