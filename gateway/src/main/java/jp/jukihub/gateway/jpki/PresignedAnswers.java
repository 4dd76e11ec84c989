package jp.jukihub.gateway.jpki;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.vertx.core.Future;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import jp.jukihub.jpki.CertificateRecords;
import jp.jukihub.jpki.CertificateState;
import jp.jukihub.jpki.StoredResponse;

/**
 * The OCSP answers J-LIS signed ahead, as many as fit in a bound of heap, and the store behind
 * them: every answer lives in the certificate store, this node holds the ones asked for lately. The
 * responder's hot path is one cache read here; a miss loads the stored answer ({@link #stored}),
 * and the publisher replaces a held answer as soon as it re-signs one (revocation, refresh).
 *
 * <p>An answer never replaces one signed later. That, and the publisher taking in every answer
 * signed in the last seconds ({@link #replaceHeld}), keeps a load that read the store just before a
 * revocation's answer from leaving the older answer held: a load that took longer than {@link
 * #LOAD_TRUSTED} is served but not held.
 */
public final class PresignedAnswers implements OcspStatusSource {
  /**
   * What the cache spends on an entry besides the answer's bytes (measured: ./hub bench memory).
   */
  static final int ENTRY_OVERHEAD_BYTES = 200;

  /** Well within the publisher's look-back over answers signed lately (10 s). */
  static final Duration LOAD_TRUSTED = Duration.ofSeconds(2);

  private static final BigInteger MAX_SERIAL = BigInteger.valueOf(Long.MAX_VALUE);

  /** An answer as held: its bytes, the CA that signed it, and when. */
  private record Held(byte[] answer, JpkiAuthority.Type type, long signedAtMicros) {
    static Held of(JpkiAuthority.Type type, byte[] answer, Instant signedAt) {
      return new Held(
          answer, type, signedAt.getEpochSecond() * 1_000_000 + signedAt.getNano() / 1_000);
    }

    Held newer(Held other) {
      return other.signedAtMicros >= signedAtMicros ? other : this;
    }
  }

  private final Cache<Long, Held> held;
  private final long maxBytes;
  private final CertificateRecords records;
  private final Clock clock;

  /**
   * Holds at most {@code maxBytes} of answers (0: none, every answer comes from the store); {@code
   * records} is the store behind them.
   */
  public PresignedAnswers(
      CertificateRecords records, long maxBytes, Clock clock, MeterRegistry registry) {
    this.records = records;
    this.maxBytes = maxBytes;
    this.clock = clock;
    this.held =
        Caffeine.newBuilder()
            .maximumWeight(maxBytes)
            .<Long, Held>weigher((serial, answer) -> weightOf(answer.answer))
            .recordStats()
            .build();
    CaffeineCacheMetrics.monitor(registry, held, "ocsp-answers");
    Gauge.builder("hub.jpki.ocsp.held.bytes", this, PresignedAnswers::heldBytes)
        .description(
            "Heap the held pre-signed OCSP answers take, as weighed (answer and entry); bounded by"
                + " jpki.ocspAnswerMemoryMegabytes")
        .baseUnit("bytes")
        .register(registry);
  }

  @Override
  public byte[] presigned(JpkiAuthority.Type type, long serial) {
    Held answer = held.getIfPresent(serial);
    return answer == null || answer.type != type ? null : answer.answer;
  }

  /**
   * Loads the answer the store keeps, holds it and returns it; null when the store keeps none that
   * states the certificate's status (never issued, another CA's, expired, a revocation not
   * re-signed yet).
   */
  @Override
  public Future<byte[]> stored(JpkiAuthority.Type type, long serial) {
    Instant asked = clock.instant();
    return records
        .storedResponse(serial)
        .map(
            found -> {
              if (found.isEmpty() || !found.get().type().equals(type.label())) {
                return null;
              }
              StoredResponse response = found.get();
              Held loaded = Held.of(type, response.response(), response.signedAt());
              if (maxBytes == 0
                  || Duration.between(asked, clock.instant()).compareTo(LOAD_TRUSTED) > 0) {
                return loaded.answer;
              }
              return held.asMap().merge(serial, loaded, Held::newer).answer;
            });
  }

  /** Holds a freshly signed answer (a revocation, a new card), unless a later one is held. */
  public void hold(JpkiAuthority.Type type, long serial, byte[] answer, Instant signedAt) {
    if (maxBytes == 0) {
      return; // Caffeine would hold it until its next maintenance
    }
    held.asMap().merge(serial, Held.of(type, answer, signedAt), Held::newer);
  }

  /**
   * Replaces the held answer with a later one, and holds nothing new: refreshes and other nodes'
   * answers reach every certificate, and most are never asked for.
   */
  public void replaceHeld(JpkiAuthority.Type type, long serial, byte[] answer, Instant signedAt) {
    Held signed = Held.of(type, answer, signedAt);
    held.asMap().computeIfPresent(serial, (key, old) -> old.newer(signed));
  }

  /** Whether the bound is (nearly) reached: loading more would only evict. */
  public boolean full() {
    return heldBytes() >= maxBytes - maxBytes / 20;
  }

  public long size() {
    return held.estimatedSize();
  }

  public long heldBytes() {
    return held.policy().eviction().orElseThrow().weightedSize().orElse(0);
  }

  /** What an answer counts against the bound. */
  public static int weightOf(byte[] answer) {
    return answer.length + ENTRY_OVERHEAD_BYTES;
  }

  /** Finishes pending evictions now (Caffeine otherwise does so on its own schedule). */
  public void cleanUp() {
    held.cleanUp();
  }

  /** What the store says now; a serial we never issued (or of the other CA) is unknown. */
  @Override
  public Future<CertificateStatus> status(JpkiAuthority.Type type, BigInteger serial) {
    if (serial.signum() <= 0 || serial.compareTo(MAX_SERIAL) > 0) {
      return Future.succeededFuture(CertificateStatus.unknown());
    }
    return records
        .find(serial.longValue())
        .map(
            found ->
                found
                    .filter(state -> state.type().equals(type.label()))
                    .map(PresignedAnswers::status)
                    .orElse(CertificateStatus.unknown()));
  }

  static CertificateStatus status(CertificateState state) {
    return state
        .revocation()
        .map(revocation -> CertificateStatus.revoked(revocation.revokedAt(), revocation.reason()))
        .orElse(CertificateStatus.good());
  }
}
