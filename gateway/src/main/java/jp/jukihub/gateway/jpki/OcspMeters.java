package jp.jukihub.gateway.jpki;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code hub.jpki.ocsp.responses}, one counter per way an answer was made, registered at start so
 * each exists at zero; and {@code hub.jpki.ocsp.live.in_flight}, the live answers under way.
 */
final class OcspMeters {
  static final String RESPONSES = "hub.jpki.ocsp.responses";
  static final String IN_FLIGHT = "hub.jpki.ocsp.live.in_flight";

  final Counter presigned;
  final Counter stored;
  final Counter live;
  final Counter tryLater;
  final Counter malformed;
  final Counter unauthorized;
  final Counter internalError;

  OcspMeters(MeterRegistry registry, AtomicInteger inFlight) {
    presigned = counter(registry, "presigned");
    stored = counter(registry, "stored");
    live = counter(registry, "live");
    tryLater = counter(registry, "try_later");
    malformed = counter(registry, "malformed");
    unauthorized = counter(registry, "unauthorized");
    internalError = counter(registry, "internal_error");
    Gauge.builder(IN_FLIGHT, inFlight, AtomicInteger::get)
        .description(
            "OCSP answers under way from the store: a stored answer's load, or a status lookup and signing")
        .register(registry);
  }

  private static Counter counter(MeterRegistry registry, String kind) {
    // One description for every kind: Prometheus keeps one HELP line per name.
    return Counter.builder(RESPONSES)
        .tag("kind", kind)
        .description(
            "OCSP responses by how they were made: presigned (held, served as is), stored (pre-signed,"
                + " not held: loaded from the store), live (signed for"
                + " the request), try_later (shed at the in-flight limit), malformed, unauthorized (not our CA),"
                + " internal_error (the status source or signer failed)")
        .register(registry);
  }
}
