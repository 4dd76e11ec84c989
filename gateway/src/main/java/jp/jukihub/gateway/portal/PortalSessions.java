package jp.jukihub.gateway.portal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Browser sessions of residents who logged in with a signed challenge: a random id in an HttpOnly,
 * Secure, SameSite=Strict cookie, leading to the card's serial only (the card is checked again on
 * every request). Ended by log-out, or after {@code idle} without a request. Held in this node's
 * memory: a restart logs everyone out, which costs a resident one more log-in.
 */
final class PortalSessions {
  static final String COOKIE = "__Host-portal-session";
  private static final int ID_BYTES = 32;
  private static final int MAX_SESSIONS = 1_000_000;

  private final Cache<String, Long> serials;
  private final SecureRandom random = new SecureRandom();

  PortalSessions(Duration idle, Ticker ticker) {
    this.serials =
        Caffeine.newBuilder()
            .expireAfterAccess(idle)
            .maximumSize(MAX_SESSIONS)
            .ticker(ticker)
            .build();
  }

  /** A new session for the card with {@code serial}; returns its id. */
  String open(long serial) {
    byte[] id = new byte[ID_BYTES];
    random.nextBytes(id);
    String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    serials.put(encoded, serial);
    return encoded;
  }

  Optional<Long> serialOf(String id) {
    return id == null ? Optional.empty() : Optional.ofNullable(serials.getIfPresent(id));
  }

  void close(String id) {
    if (id != null) {
      serials.invalidate(id);
    }
  }

  long count() {
    return serials.estimatedSize();
  }
}
