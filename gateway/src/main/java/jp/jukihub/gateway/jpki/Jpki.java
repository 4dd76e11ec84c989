package jp.jukihub.gateway.jpki;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.database.StorePool;
import jp.jukihub.gateway.body.BodyRegistry;
import jp.jukihub.gateway.config.JpkiOptions;
import jp.jukihub.jpki.CertificateRecords;
import jp.jukihub.jpki.RevocationSession;
import jp.jukihub.jpki.UsageLedger;
import jp.jukihub.keys.KeyFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * J-LIS's public personal authentication service as the hub runs it: the two CAs, card issuance,
 * revocation, the CRLs and OCSP answers kept current in the background, and the relying parties
 * with their metered checks. Built once per hub; the API verticles serve from it.
 */
public final class Jpki implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Jpki.class);
  private static final long FLUSH_EVERY_MILLIS = 5_000;

  /** Key generation is CPU-bound: two threads keep a burst of issuance from taking every core. */
  private static final int KEY_THREADS = 2;

  private final RelyingParties parties;
  private final CheckMeter meter;
  private final UsageLedger usage;
  private final RevocationPublisher publisher;
  private final CardIssuance issuance;
  private final Revocations revocations;
  private final CertificateVerification verification;
  private final OcspResponder responder;
  private final WorkerExecutor keyMaker;
  private final Vertx vertx;
  private final long flushTimer;
  // Built once and shared by every API verticle: the CA answer's bytes are prepared here.
  private final JpkiCaResource caResource;
  private final OcspResource ocspResource;
  private final CrlResource crlResource;

  private Jpki(Builder b) {
    this.parties = b.parties;
    this.meter = b.meter;
    this.usage = b.usage;
    this.publisher = b.publisher;
    this.issuance = b.issuance;
    this.revocations = b.revocations;
    this.verification = b.verification;
    this.responder = b.responder;
    this.keyMaker = b.keyMaker;
    this.vertx = b.vertx;
    this.caResource = new JpkiCaResource(List.copyOf(b.authorities.values()));
    this.ocspResource = new OcspResource(responder, parties, meter);
    this.crlResource = new CrlResource(b.shelf, parties, meter);
    this.flushTimer =
        vertx.setPeriodic(
            FLUSH_EVERY_MILLIS,
            timer ->
                meter
                    .flush()
                    .onFailure(e -> LOG.warn("JPKI usage not kept yet: {}", e.getMessage())));
  }

  private static final class Builder {
    Map<JpkiAuthority.Type, JpkiAuthority> authorities;
    RelyingParties parties;
    CheckMeter meter;
    UsageLedger usage;
    RevocationPublisher publisher;
    CardIssuance issuance;
    Revocations revocations;
    CertificateVerification verification;
    OcspResponder responder;
    CrlShelf shelf;
    WorkerExecutor keyMaker;
    Vertx vertx;
  }

  /**
   * The two CAs, created under {@code keys} at first start (RSA key generation: a second or two).
   * Blocks.
   */
  public static Map<JpkiAuthority.Type, JpkiAuthority> authorities(Path keys, Clock clock) {
    Map<JpkiAuthority.Type, JpkiAuthority> authorities = new EnumMap<>(JpkiAuthority.Type.class);
    for (JpkiAuthority.Type type : JpkiAuthority.Type.values()) {
      authorities.put(type, JpkiAuthority.loadOrCreate(keys, type, clock));
    }
    return Collections.unmodifiableMap(authorities);
  }

  /**
   * Starts the service: loads the stored OCSP answers and starts the publisher, which issues every
   * CRL within its first pass. The routes use the national and municipal pools; the publisher has
   * its own connection to the national tier at {@code nationalTarget}. Blocks (start-up).
   */
  public static Jpki start(
      Vertx vertx,
      Map<JpkiAuthority.Type, JpkiAuthority> authorities,
      JpkiOptions options,
      BodyRegistry bodies,
      StorePool national,
      StorePool municipal,
      DatabaseTarget nationalTarget,
      MeterRegistry registry,
      Clock clock) {
    Builder b = new Builder();
    b.vertx = vertx;
    b.authorities = authorities;
    Map<JpkiAuthority.Type, OcspSigner> signers = new EnumMap<>(JpkiAuthority.Type.class);
    authorities.forEach((type, authority) -> signers.put(type, new OcspSigner(authority)));
    CertificateRecords records = new CertificateRecords(national);
    PresignedAnswers answers =
        new PresignedAnswers(records, options.ocspAnswerMemoryBytes(), clock, registry);
    b.shelf = new CrlShelf();
    // Everything that can fail on a bad file comes first: the publisher's thread starts last.
    PairwiseSubjects subjects =
        new PairwiseSubjects(KeyFile.loadOrCreate(options.pairwiseKeyFile(), 32));
    b.publisher =
        new RevocationPublisher(
            new OcspAnswerKeeper(signers, answers, options, clock, registry),
            new CrlPublisher(authorities, b.shelf, options, clock, registry),
            new RevocationSession(nationalTarget),
            options,
            clock);
    b.parties = new RelyingParties(bodies);
    b.usage = new UsageLedger(national);
    b.meter = new CheckMeter(registry, b.usage, clock);
    b.keyMaker = vertx.createSharedWorkerExecutor("jpki-keys", KEY_THREADS, 2, TimeUnit.MINUTES);
    b.issuance =
        new CardIssuance(
            municipal,
            b.keyMaker,
            authorities,
            new CertificateIssuer(
                authorities.get(JpkiAuthority.Type.SIGN),
                authorities.get(JpkiAuthority.Type.AUTH),
                options.publicBaseUrl()),
            signers,
            records,
            answers,
            options,
            clock);
    b.revocations = new Revocations(records, b.publisher);
    b.verification = new CertificateVerification(authorities, records, subjects, clock);
    b.responder =
        new OcspResponder(
            vertx,
            List.copyOf(signers.values()),
            answers,
            new OcspResponderOptions(
                options.ocspLiveInFlight(), OcspResponderOptions.defaults().liveValidity(), 2),
            clock,
            registry);
    b.publisher.start();
    return new Jpki(b);
  }

  public JpkiCaResource caResource() {
    return caResource;
  }

  public OcspResource ocspResource() {
    return ocspResource;
  }

  public CrlResource crlResource() {
    return crlResource;
  }

  public CardIssuance issuance() {
    return issuance;
  }

  public Revocations revocations() {
    return revocations;
  }

  public CertificateVerification verification() {
    return verification;
  }

  public RelyingParties parties() {
    return parties;
  }

  public CheckMeter meter() {
    return meter;
  }

  public UsageLedger usage() {
    return usage;
  }

  /**
   * Stops the publisher and keeps the last usage counts; from a plain thread, before Vert.x closes.
   */
  @Override
  public void close() {
    vertx.cancelTimer(flushTimer);
    publisher.close();
    try {
      meter.flush().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("JPKI usage counts of the last seconds were not kept: {}", e.getMessage());
    }
    keyMaker.close();
    responder.close();
  }
}
