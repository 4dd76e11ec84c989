package jp.jukihub.gateway.jpki;

import java.time.Duration;
import java.util.Objects;

/**
 * How the OCSP responder signs live answers.
 *
 * @param maxInFlight live answers (store lookup and signing) under way at once; one more is shed
 *     with tryLater at once rather than queued
 * @param liveValidity nextUpdate minus thisUpdate of a live answer
 * @param signingThreads the signing pool; RSA is pure CPU, so more threads than cores only queue in
 *     the kernel instead of here
 */
public record OcspResponderOptions(int maxInFlight, Duration liveValidity, int signingThreads) {
  public OcspResponderOptions {
    Objects.requireNonNull(liveValidity, "liveValidity");
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1, not " + maxInFlight);
    }
    if (liveValidity.isNegative() || liveValidity.toSeconds() < 1) {
      throw new IllegalArgumentException(
          "liveValidity must be at least a second, not " + liveValidity);
    }
    if (signingThreads < 1) {
      throw new IllegalArgumentException(
          "signingThreads must be at least 1, not " + signingThreads);
    }
  }

  /** 32 in flight, an hour's validity, two signing threads: the two cores the hub is sized for. */
  public static OcspResponderOptions defaults() {
    return new OcspResponderOptions(32, Duration.ofHours(1), 2);
  }

  public OcspResponderOptions withMaxInFlight(int maxInFlight) {
    return new OcspResponderOptions(maxInFlight, liveValidity, signingThreads);
  }
}
