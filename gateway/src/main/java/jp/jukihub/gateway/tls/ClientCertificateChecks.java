package jp.jukihub.gateway.tls;

import io.vertx.core.Vertx;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the caller-identity stage asks of a client certificate on every request, beyond the
 * handshake's checks: that it has not expired since the connection opened (by the hub's clock), and
 * that the body CA has not revoked it since. The revocation list is re-read when its file changes.
 */
public final class ClientCertificateChecks {
  private static final Logger log = LoggerFactory.getLogger(ClientCertificateChecks.class);

  /** How often the CRL file is looked at for a change (one stat on a worker). */
  static final long RELOAD_MILLIS = 1_000;

  private final Clock clock;
  private final Path crlFile;
  private final List<X509Certificate> trusted;
  private volatile Set<BigInteger> revoked;
  private volatile FileTime seen;
  private final List<Consumer<BodyCrl>> followers = new CopyOnWriteArrayList<>();

  ClientCertificateChecks(
      Clock clock, Path crlFile, List<X509Certificate> trusted, Optional<BodyCrl> initial) {
    this.clock = clock;
    this.crlFile = crlFile;
    this.trusted = List.copyOf(trusted);
    this.revoked = initial.map(BodyCrl::serials).orElse(Set.of());
    this.seen = modified(crlFile);
  }

  /** Fails with 401 UNAUTHENTICATED when {@code certificate} has expired or is revoked. */
  public void check(X509Certificate certificate) {
    Instant now = clock.instant();
    Instant notAfter = certificate.getNotAfter().toInstant();
    if (now.isAfter(notAfter)) {
      throw new HubException(
          ErrorCode.UNAUTHENTICATED,
          "the client certificate expired at " + notAfter + ": ask the hub for a new one");
    }
    if (now.isBefore(certificate.getNotBefore().toInstant())) {
      throw new HubException(ErrorCode.UNAUTHENTICATED, "the client certificate is not yet valid");
    }
    if (revoked.contains(certificate.getSerialNumber())) {
      throw new HubException(
          ErrorCode.UNAUTHENTICATED,
          "the client certificate (serial "
              + inPairs(certificate.getSerialNumber())
              + ") has been revoked by the body CA");
    }
  }

  /**
   * A serial as hex byte pairs ("0a:1b:…", as {@code openssl x509 -text} shows it). Written plain,
   * a serial sometimes holds eleven decimal digits in a row, and the problem responder then
   * withheld the whole detail as a personal number's shape (a few revocations in a hundred).
   */
  static String inPairs(BigInteger serial) {
    String hex = serial.toString(16);
    if (hex.length() % 2 == 1) {
      hex = "0" + hex;
    }
    StringBuilder pairs = new StringBuilder(hex.length() * 3 / 2);
    for (int i = 0; i < hex.length(); i += 2) {
      if (i > 0) {
        pairs.append(':');
      }
      pairs.append(hex, i, i + 2);
    }
    return pairs.toString();
  }

  /** Looks at the CRL file every second on a worker and takes a new, validly signed one. */
  public void watch(Vertx vertx) {
    vertx.setPeriodic(
        RELOAD_MILLIS,
        timer ->
            vertx.executeBlocking(
                () -> {
                  reloadIfChanged();
                  return null;
                },
                false));
  }

  /** {@code follower} is told of every new, validly signed CRL (on a worker thread). */
  void onNewCrl(Consumer<BodyCrl> follower) {
    followers.add(follower);
  }

  /** Re-reads the CRL when its file changed; keeps the previous list when the new one is bad. */
  void reloadIfChanged() {
    FileTime now = modified(crlFile);
    if (now == null || now.equals(seen)) {
      return;
    }
    try {
      Optional<BodyCrl> crl = BodyCrl.read(crlFile, trusted);
      revoked = crl.map(BodyCrl::serials).orElse(Set.of());
      seen = now;
      crl.ifPresent(list -> followers.forEach(follower -> follower.accept(list)));
      log.info("body CRL reloaded from {}: {} revoked certificate(s)", crlFile, revoked.size());
    } catch (ConfigException e) {
      seen = now;
      log.error("body CRL not taken, the previous one stays: {}", e.getMessage());
    }
  }

  private static FileTime modified(Path file) {
    try {
      return Files.exists(file) ? Files.getLastModifiedTime(file) : null;
    } catch (java.io.IOException e) {
      return null;
    }
  }
}
