package jp.jukihub.gateway.jpki;

import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import jp.jukihub.jpki.CrlLedger;
import jp.jukihub.jpki.CrlScope;

/**
 * The CRLs as served: signed bytes per scope, replaced whole by the publisher and read by the route
 * without building anything.
 */
public final class CrlShelf {
  /** A signed CRL ready to send, and what it lists (to tell when it is out of date). */
  public record Published(
      Buffer der,
      long number,
      Instant thisUpdate,
      Instant nextUpdate,
      CrlLedger.Contents contents) {}

  private final Map<CrlScope, Published> published = new ConcurrentHashMap<>();

  public Optional<Published> find(CrlScope scope) {
    return Optional.ofNullable(published.get(scope));
  }

  void put(CrlScope scope, Published crl) {
    published.put(scope, crl);
  }

  public Map<CrlScope, Published> all() {
    return Map.copyOf(published);
  }
}
