package jp.jukihub.gateway.jpki;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.buffer.Buffer;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import jp.jukihub.gateway.config.JpkiOptions;
import jp.jukihub.jpki.CrlLedger;
import jp.jukihub.jpki.CrlScope;
import jp.jukihub.jpki.RevocationSession;

/**
 * Issues the CRLs this node serves: each shard of each type and each whole type, re-issued when
 * what it lists changed (a revocation, however late it committed; a certificate that expired and
 * leaves it) or when it is older than {@code jpki.crlRefreshHours}. The {@link RevocationSession}
 * reads the entries and numbers; this signs. Blocking: runs on the publisher's thread; the route
 * reads the shelf.
 */
final class CrlPublisher {
  private static final CrlLedger.Contents NOTHING = new CrlLedger.Contents(0, 0);

  private final Map<JpkiAuthority.Type, CrlSigner> signers =
      new EnumMap<>(JpkiAuthority.Type.class);
  private final CrlShelf shelf;
  private final JpkiOptions options;
  private final JpkiUrls urls;
  private final Clock clock;
  private final Timer signing;

  CrlPublisher(
      Map<JpkiAuthority.Type, JpkiAuthority> authorities,
      CrlShelf shelf,
      JpkiOptions options,
      Clock clock,
      MeterRegistry registry) {
    authorities.forEach((type, authority) -> signers.put(type, new CrlSigner(authority)));
    this.shelf = shelf;
    this.options = options;
    this.urls = new JpkiUrls(options.publicBaseUrl());
    this.clock = clock;
    this.signing =
        Timer.builder("hub.jpki.crl.signing")
            .description("Time to build and sign one CRL")
            .register(registry);
    Gauge.builder("hub.jpki.crl.age", this, CrlPublisher::oldestAgeSeconds)
        .description("Seconds since the oldest served CRL was issued (none served yet: a day)")
        .baseUnit("seconds")
        .register(registry);
  }

  /**
   * Serves the CRLs the cluster issued that this node does not serve yet (another node took their
   * numbers): signs each with the same number and time over the same entries. Cheap when nothing
   * changed (one small table read), so every pass of the publisher does it.
   */
  void follow(RevocationSession session) {
    session
        .issuedCrls()
        .forEach(
            (scope, issued) -> {
              Optional<CrlShelf.Published> served = shelf.find(scope);
              if (issued.contents() != null
                  && (served.isEmpty() || served.get().number() < issued.number())) {
                issue(session, scope, issued);
              }
            });
  }

  /**
   * Issues a CRL for each scope whose list changed (a revocation, however late it committed; a
   * certificate that expired and leaves it) or whose CRL is older than {@code
   * jpki.crlRefreshHours}, under the scope's next number. Of several nodes that see one change, one
   * takes the number; the others serve its CRL at their next {@link #follow}.
   */
  void publish(RevocationSession session, Instant now) {
    // A CRL's times are whole seconds; the store keeps microseconds and rounds. Taken whole here,
    // the time every node signs is the one recorded, and the list is as of that time (a revocation
    // later in this second waits for the next check).
    Instant thisUpdate = now.truncatedTo(ChronoUnit.SECONDS);
    Map<CrlScope, CrlLedger.Contents> contents = session.crlContents(thisUpdate);
    Map<CrlScope, CrlLedger.Issued> issued = session.issuedCrls();
    for (CrlScope scope : scopes(contents.keySet())) {
      CrlLedger.Contents listing = contents.getOrDefault(scope, NOTHING);
      CrlLedger.Issued last = issued.get(scope);
      boolean stale =
          last == null
              || !listing.equals(last.contents())
              || last.thisUpdate().plus(options.crlRefresh()).isBefore(now);
      if (stale) {
        OptionalLong number =
            session.claimCrlNumber(scope, last == null ? 0 : last.number(), thisUpdate, listing);
        if (number.isPresent()) {
          issue(session, scope, new CrlLedger.Issued(number.getAsLong(), thisUpdate, listing));
        }
      }
    }
  }

  /**
   * Signs the scope's CRL as {@code issued} says, and serves it if its entries are the ones the
   * number was taken for; else a revocation committed since with an earlier time, and the next
   * check takes a new number.
   */
  private void issue(RevocationSession session, CrlScope scope, CrlLedger.Issued issued) {
    long started = System.nanoTime();
    JpkiAuthority.Type type = JpkiAuthority.Type.of(scope.type());
    List<RevokedEntry> entries = new ArrayList<>();
    CrlLedger.Contents listed =
        session.eachCrlEntry(
            scope,
            issued.thisUpdate(),
            (serial, at, reason) -> entries.add(new RevokedEntry(serial, at, reason)));
    if (!listed.equals(issued.contents())) {
      return;
    }
    Instant nextUpdate = issued.thisUpdate().plus(options.crlRefresh().multipliedBy(2));
    Optional<String> distributionPoint =
        scope.whole()
            ? Optional.empty()
            : Optional.of(urls.crlDistributionPoint(type, scope.shard()));
    byte[] der =
        signers
            .get(type)
            .sign(
                BigInteger.valueOf(issued.number()),
                issued.thisUpdate(),
                nextUpdate,
                distributionPoint,
                entries);
    shelf.put(
        scope,
        new CrlShelf.Published(
            Buffer.buffer(der), issued.number(), issued.thisUpdate(), nextUpdate, listed));
    signing.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
  }

  /**
   * Every shard new certificates go to, every shard a revocation is listed in, and each whole type.
   */
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

  private double oldestAgeSeconds() {
    Map<CrlScope, CrlShelf.Published> served = shelf.all();
    if (served.isEmpty()) {
      return Duration.ofDays(1).toSeconds();
    }
    Instant oldest =
        served.values().stream()
            .map(CrlShelf.Published::thisUpdate)
            .min(Instant::compareTo)
            .orElseThrow();
    return Duration.between(oldest, clock.instant()).toMillis() / 1000.0;
  }
}
