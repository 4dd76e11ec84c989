package jp.jukihub.gateway.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import jp.jukihub.gateway.authorisation.LawfulUse;
import jp.jukihub.gateway.http.Answer;
import jp.jukihub.identity.source.Found;
import jp.jukihub.identity.source.ServedBy;

/**
 * Single lookups' answers, encoded once: an answer depends only on the law row it is given under,
 * the person's version as the serving tier holds it (and its time: a reconcile rewrites a row at
 * the same version), that tier, and whether My Numbers are in force. A hit skips the person's
 * changes, the JSON building and its encoding. A new version is a new key, so nothing is
 * invalidated; size and age bound the entries as they bound the identity caches.
 */
final class LookupAnswers {
  /** An answer's bytes and the fields it released (for its audit record). */
  record Encoded(byte[] bytes, List<String> released) {}

  private final Cache<Key, Encoded> encoded;

  LookupAnswers(long maxEntries, Duration ttl, MeterRegistry registry) {
    this.encoded =
        Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(ttl).recordStats().build();
    CaffeineCacheMetrics.monitor(registry, encoded, "identity-answers");
  }

  /**
   * The answer about {@code found} under {@code use}: the cached bytes, or those {@code encode}
   * makes (kept for the next time). {@code released} is told the fields either way.
   */
  Future<Answer> answer(
      LawfulUse use,
      Found found,
      boolean numbersLive,
      java.util.function.Consumer<List<String>> released,
      Supplier<Future<Encoded>> encode) {
    Key key =
        new Key(
            use,
            found.record().personId(),
            found.record().version(),
            found.record().updatedAt(),
            found.servedBy(),
            numbersLive);
    Encoded known = encoded.getIfPresent(key);
    if (known != null) {
      released.accept(known.released());
      return Future.succeededFuture(answer(known));
    }
    return encode
        .get()
        .map(
            made -> {
              encoded.put(key, made);
              released.accept(made.released());
              return answer(made);
            });
  }

  private static Answer answer(Encoded encoded) {
    // A buffer of its own for each send; the cached bytes are never written to.
    return new Answer(200, "application/json", Buffer.buffer(encoded.bytes()));
  }

  /**
   * What an answer depends on. The row by identity: rows live as long as the table that made them,
   * and comparing them by value would hash their field lists on every lookup.
   */
  private static final class Key {
    private final LawfulUse use;
    private final long personId;
    private final int version;
    private final Instant updatedAt;
    private final ServedBy servedBy;
    private final boolean numbersLive;
    private final int hash;

    Key(
        LawfulUse use,
        long personId,
        int version,
        Instant updatedAt,
        ServedBy servedBy,
        boolean numbersLive) {
      this.use = use;
      this.personId = personId;
      this.version = version;
      this.updatedAt = updatedAt;
      this.servedBy = servedBy;
      this.numbersLive = numbersLive;
      int h = System.identityHashCode(use);
      h = 31 * h + Long.hashCode(personId);
      h = 31 * h + version;
      h = 31 * h + updatedAt.hashCode();
      h = 31 * h + servedBy.ordinal();
      this.hash = 31 * h + (numbersLive ? 1 : 0);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Key key
          && key.use == use
          && key.personId == personId
          && key.version == version
          && key.updatedAt.equals(updatedAt)
          && key.servedBy == servedBy
          && key.numbersLive == numbersLive;
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
