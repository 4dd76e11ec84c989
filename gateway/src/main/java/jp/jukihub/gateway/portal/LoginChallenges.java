package jp.jukihub.gateway.portal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;

/**
 * The log-in for browsers, which cannot reach the card themselves (as My Portal's smartphone and
 * card-reader flow): the page asks for a challenge, the card reader app signs it with the card's
 * user-authentication key and sends the signature with the certificate, and the page, polling,
 * receives the session. A challenge is bound to the browser that asked (a secret in its cookie), is
 * answered once, and lives {@code lifetime}. Nothing of the person is kept here: only the serial.
 */
final class LoginChallenges {
  static final String COOKIE = "__Host-portal-login";

  /** What the card signs: this prefix, so a login signature can never be mistaken for another. */
  static final String PREFIX = "jukihub-portal-login:";

  private static final int RANDOM_BYTES = 32;
  private static final int MAX_PENDING = 100_000;
  private static final String SIGNATURE_ALGORITHM = "SHA256withRSA";

  /** A challenge as the page receives it; {@code browserSecret} goes into its cookie. */
  record Issued(String id, String text, Instant expiresAt, String browserSecret) {}

  /** Where a challenge stands: waiting for the card, answered by a card, or refused. */
  sealed interface State permits Pending, Signed, Refused {}

  record Pending() implements State {}

  record Signed(long serial) implements State {}

  record Refused(HubException why) implements State {}

  private record Challenge(String text, byte[] browserHash, Instant expiresAt, State state) {
    Challenge with(State next) {
      return new Challenge(text, browserHash, expiresAt, next);
    }
  }

  private final Cache<String, Challenge> challenges;
  private final CardCheck cards;
  private final Clock clock;
  private final Duration lifetime;
  private final SecureRandom random = new SecureRandom();

  LoginChallenges(CardCheck cards, Clock clock, Duration lifetime, Ticker ticker) {
    this.cards = cards;
    this.clock = clock;
    this.lifetime = lifetime;
    this.challenges =
        Caffeine.newBuilder()
            .expireAfterWrite(lifetime)
            .maximumSize(MAX_PENDING)
            .ticker(ticker)
            .build();
  }

  Issued issue() {
    String id = randomText();
    String secret = randomText();
    // The id is in the text, so the card reader app needs nothing but what the page shows.
    String text = PREFIX + id + "." + randomText();
    Instant expiresAt = clock.instant().plus(lifetime);
    challenges.put(id, new Challenge(text, sha256(secret), expiresAt, new Pending()));
    return new Issued(id, text, expiresAt, secret);
  }

  /**
   * The card reader app's answer: {@code signature} over the challenge's text by the key of {@code
   * certificate}. A wrong signature or a refused card settles the challenge as refused, so the page
   * can say why.
   */
  Future<Void> answer(String id, X509Certificate certificate, byte[] signature) {
    Challenge challenge = live(id);
    if (!(challenge.state() instanceof Pending)) {
      return Future.failedFuture(expired()); // answered once
    }
    if (!verifies(certificate, challenge.text(), signature)) {
      HubException refused =
          new HubException(
              ErrorCode.SIGNATURE_INVALID,
              "the signature is not the card's over this challenge; start the log-in again");
      challenges.put(id, challenge.with(new Refused(refused)));
      return Future.failedFuture(refused);
    }
    return cards
        .holderOf(certificate)
        .<Void>map(
            holder -> {
              challenges
                  .asMap()
                  .computeIfPresent(id, (key, now) -> now.with(new Signed(holder.serial())));
              return null;
            })
        .recover(
            refused -> {
              if (refused instanceof HubException hub) {
                challenges.asMap().computeIfPresent(id, (key, now) -> now.with(new Refused(hub)));
              }
              return Future.failedFuture(refused);
            });
  }

  /**
   * The page's poll: the state of its own challenge. A settled one is used up by asking: a session
   * is handed out once.
   */
  State claim(String id, String browserSecret) {
    Challenge challenge = live(id);
    if (browserSecret == null
        || !MessageDigest.isEqual(challenge.browserHash(), sha256(browserSecret))) {
      throw expired(); // another browser's challenge is no business of this one
    }
    if (!(challenge.state() instanceof Pending)) {
      challenges.invalidate(id);
    }
    return challenge.state();
  }

  private Challenge live(String id) {
    Challenge challenge = id == null ? null : challenges.getIfPresent(id);
    if (challenge == null || !clock.instant().isBefore(challenge.expiresAt())) {
      throw expired();
    }
    return challenge;
  }

  private static boolean verifies(X509Certificate certificate, String text, byte[] signature) {
    try {
      Signature verifier = Signature.getInstance(SIGNATURE_ALGORITHM);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(text.getBytes(StandardCharsets.US_ASCII));
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false; // a key of another kind, or bytes that are no signature
    }
  }

  private static HubException expired() {
    return new HubException(
        ErrorCode.CHALLENGE_EXPIRED,
        "no such log-in challenge is waiting (expired or already used); start the log-in again");
  }

  private String randomText() {
    byte[] bytes = new byte[RANDOM_BYTES];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
