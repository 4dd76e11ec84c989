package jp.jukihub.gateway.jpki;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OCSP responder (RFC 6960) for the JPKI CAs: from request DER to response DER, always an
 * OCSPResponse and never a failed future, so HTTP can answer 200 with whatever comes back.
 *
 * <p>Four ways through. The hot one: a single SHA-1 CertID without nonce whose pre-signed response
 * the source holds is answered with those bytes, wrapped, on the calling event loop. Errors the
 * request makes (malformed, not our CA) get fixed unsigned answers. The same query whose answer is
 * not held is answered with the pre-signed response the store keeps. Everything else asks the
 * source for the status and signs on a small pool of its own. Those two go to the store, at most
 * {@link OcspResponderOptions#maxInFlight()} at once; beyond that the answer is tryLater at once,
 * since a queue would only hand clients the answer after they stopped waiting for it.
 *
 * <p>The pool is a {@link WorkerExecutor} of its own rather than {@code vertx.executeBlocking}: RSA
 * signing is pure CPU, so a burst of it should not take the shared worker threads that other
 * blocking work (firewall reloads, metrics scrapes, key generation) waits on, and threads beyond
 * the cores would add no throughput. With two cores and two threads, the in-flight limit bounds a
 * signing's wait to about 16 signatures.
 */
public final class OcspResponder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OcspResponder.class);
  private static final String POOL = "jpki-ocsp-signing";

  private final Map<JpkiAuthority.Type, OcspSigner> signers =
      new EnumMap<>(JpkiAuthority.Type.class);
  private final OcspRequestParser parser;
  private final OcspStatusSource source;
  private final OcspResponderOptions options;
  private final Clock clock;
  private final WorkerExecutor signing;
  // Event loops of several verticles may share one responder, so the count is atomic.
  private final AtomicInteger inFlight = new AtomicInteger();
  private final OcspMeters meters;

  public OcspResponder(
      Vertx vertx,
      List<OcspSigner> signers,
      OcspStatusSource source,
      OcspResponderOptions options,
      Clock clock,
      MeterRegistry registry) {
    List<JpkiAuthority> authorities = new ArrayList<>();
    for (OcspSigner signer : signers) {
      if (this.signers.put(signer.authority().type(), signer) != null) {
        throw new IllegalArgumentException(
            "two signers for the " + signer.authority().type().label() + " CA");
      }
      authorities.add(signer.authority());
    }
    this.parser = new OcspRequestParser(authorities);
    this.source = source;
    this.options = options;
    this.clock = clock;
    this.signing = vertx.createSharedWorkerExecutor(POOL, options.signingThreads());
    this.meters = new OcspMeters(registry, inFlight);
  }

  /**
   * The DER OCSPResponse to {@code requestDer}. Call on an event loop; never blocks, never fails.
   */
  public Future<Buffer> answer(Buffer requestDer) {
    return answer(requestDer, issuer -> {});
  }

  /**
   * As {@link #answer(Buffer)}, telling {@code answered} which CA answered when the answer states a
   * status (metering: a relying party pays for answers, not for tryLater or errors).
   */
  public Future<Buffer> answer(
      Buffer requestDer, java.util.function.Consumer<JpkiAuthority.Type> answered) {
    OcspQuery query = parser.parse(requestDer);
    switch (query.outcome()) {
      case MALFORMED -> {
        meters.malformed.increment();
        return error(OcspErrorResponse.MALFORMED_REQUEST);
      }
      case NOT_OURS -> {
        meters.unauthorized.increment();
        return error(OcspErrorResponse.UNAUTHORIZED);
      }
      case OURS -> {}
    }
    if (query.presignable()) {
      byte[] held;
      try {
        held = source.presigned(query.issuer(), query.certIds().get(0).serial().longValue());
      } catch (RuntimeException e) {
        return failed(e);
      }
      if (held != null) {
        meters.presigned.increment();
        answered.accept(query.issuer());
        return Future.succeededFuture(wrap(held));
      }
    }
    return fromStore(query, answered);
  }

  @Override
  public void close() {
    signing.close();
  }

  /**
   * An answer from the store, in one of the in-flight slots: the pre-signed one it keeps when the
   * query could take one, or one signed live on the status it reads.
   */
  private Future<Buffer> fromStore(
      OcspQuery query, java.util.function.Consumer<JpkiAuthority.Type> answered) {
    if (inFlight.incrementAndGet() > options.maxInFlight()) {
      inFlight.decrementAndGet();
      meters.tryLater.increment();
      return error(OcspErrorResponse.TRY_LATER);
    }
    return storedOrLive(query)
        .transform(
            (answer, failure) -> {
              inFlight.decrementAndGet();
              if (failure != null) {
                return failed(failure);
              }
              (answer.presigned() ? meters.stored : meters.live).increment();
              answered.accept(query.issuer());
              return Future.succeededFuture(wrap(answer.der()));
            });
  }

  private record Answer(byte[] der, boolean presigned) {}

  private Future<Answer> storedOrLive(OcspQuery query) {
    if (!query.presignable()) {
      return live(query);
    }
    Future<byte[]> stored;
    try {
      stored = source.stored(query.issuer(), query.certIds().get(0).serial().longValue());
    } catch (RuntimeException e) {
      return Future.failedFuture(e); // a thrown failure must not leak the in-flight slot either
    }
    return stored.compose(
        der -> der != null ? Future.succeededFuture(new Answer(der, true)) : live(query));
  }

  private Future<Answer> live(OcspQuery query) {
    OcspSigner signer = signers.get(query.issuer());
    return statuses(query)
        .compose(statuses -> signing.executeBlocking(() -> sign(signer, query, statuses), false))
        .map(der -> new Answer(der, false));
  }

  private Future<List<CertificateStatus>> statuses(OcspQuery query) {
    try {
      List<CertId> certIds = query.certIds();
      if (certIds.size() == 1) {
        return source.status(query.issuer(), certIds.get(0).serial()).map(List::of);
      }
      List<Future<CertificateStatus>> each = new ArrayList<>(certIds.size());
      for (CertId certId : certIds) {
        each.add(source.status(query.issuer(), certId.serial()));
      }
      return Future.all(each).map(all -> all.<CertificateStatus>list());
    } catch (RuntimeException e) {
      // A source that throws instead of failing its future must not leak an in-flight slot.
      return Future.failedFuture(e);
    }
  }

  private byte[] sign(OcspSigner signer, OcspQuery query, List<CertificateStatus> statuses) {
    Instant now = clock.instant();
    return signer.sign(query, statuses, now, now.plus(options.liveValidity()));
  }

  private Future<Buffer> failed(Throwable failure) {
    // The meter is the alarm; a store outage would otherwise log once per request.
    LOG.debug("OCSP answer failed; answering internalError", failure);
    meters.internalError.increment();
    return error(OcspErrorResponse.INTERNAL_ERROR);
  }

  private static Future<Buffer> error(OcspErrorResponse response) {
    return Future.succeededFuture(wrap(response.der()));
  }

  /**
   * The bytes as a Buffer without copying them ({@code Buffer.buffer(byte[])} copies in Vert.x 5).
   * Read-only, because the array is shared with every other answer: a write fails instead of
   * changing what others are sent.
   */
  private static Buffer wrap(byte[] der) {
    return BufferInternal.buffer(Unpooled.wrappedBuffer(der).asReadOnly());
  }
}
