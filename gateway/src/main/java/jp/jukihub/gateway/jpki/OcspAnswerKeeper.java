package jp.jukihub.gateway.jpki;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.jukihub.gateway.config.JpkiOptions;
import jp.jukihub.jpki.Revocation;
import jp.jukihub.jpki.RevocationFeed;
import jp.jukihub.jpki.RevocationSession;
import jp.jukihub.jpki.SignedResponse;
import jp.jukihub.jpki.StoredResponse;

/**
 * Keeps the pre-signed OCSP answers true, in the store and in this node's memory: signs the answer
 * of every revocation whose stored answer does not state it yet, takes in the answers other nodes
 * signed, and re-signs answers before they go stale. The {@link RevocationSession} reads and writes
 * the store; this signs. Blocking: runs on the publisher's thread.
 */
final class OcspAnswerKeeper {
  private static final int BATCH = 1_000;

  /** A node's answer commits a moment after it was signed: others look this far back. */
  private static final Duration SYNC_LOOKBACK = Duration.ofSeconds(10);

  /** How long one pass may spend on refreshing answers, so revocations never wait behind it. */
  private static final Duration REFRESH_SLICE = Duration.ofSeconds(2);

  private final Map<JpkiAuthority.Type, OcspSigner> signers;
  private final PresignedAnswers answers;
  private final JpkiOptions options;
  private final Clock clock;
  private final Timer revocationDelay;
  private Instant syncedUpTo = Instant.EPOCH;

  OcspAnswerKeeper(
      Map<JpkiAuthority.Type, OcspSigner> signers,
      PresignedAnswers answers,
      JpkiOptions options,
      Clock clock,
      MeterRegistry registry) {
    this.signers = signers;
    this.answers = answers;
    this.options = options;
    this.clock = clock;
    this.revocationDelay =
        Timer.builder("hub.jpki.revocation.delay")
            .description("From a revocation to its re-signed OCSP answer being served")
            .publishPercentileHistogram()
            .register(registry);
  }

  /**
   * Loads the stored answers of certificates still valid into memory, the latest signed first, as
   * many as the bound holds; returns how many are held.
   */
  long load(RevocationSession session) {
    // From before the load: answers another node signs meanwhile are taken in by sync().
    syncedUpTo = clock.instant().minus(SYNC_LOOKBACK);
    session.eachResponse(this::hold, answers::full);
    return answers.size();
  }

  /**
   * Signs the answer of every revocation whose stored answer does not state it yet: made by a
   * municipality, the register or a new card, on this node or another, before a crash or now. Asked
   * as such, never as "after the last number seen": numbers are taken before commit, so revocations
   * commit out of order.
   */
  void follow(RevocationSession session) {
    List<Revocation> revocations;
    do {
      revocations = session.unanswered(BATCH);
      if (revocations.isEmpty()) {
        return;
      }
      Instant now = clock.instant();
      List<SignedResponse> signed = new ArrayList<>(revocations.size());
      for (Revocation revocation : revocations) {
        signed.add(
            sign(
                revocation.serial(), revocation.type(), status(revocation), revocation.seq(), now));
      }
      session.save(signed);
      for (int i = 0; i < signed.size(); i++) {
        Revocation revocation = revocations.get(i);
        // Held even if it was not: a certificate just revoked is likely to be checked soon.
        answers.hold(
            JpkiAuthority.Type.of(revocation.type()),
            revocation.serial(),
            signed.get(i).response(),
            now);
        revocationDelay.record(Duration.between(revocation.revokedAt(), clock.instant()).abs());
      }
    } while (revocations.size() == BATCH);
  }

  /**
   * Takes in the answers signed since the last look, by any node (its own again, harmlessly), for
   * the certificates whose answers this node holds.
   */
  void sync(RevocationSession session) {
    Instant latest = session.signedSince(syncedUpTo, this::replaceHeld);
    Instant next = latest.minus(SYNC_LOOKBACK);
    syncedUpTo = next.isAfter(syncedUpTo) ? next : syncedUpTo;
  }

  /** Re-signs the answers signed longest ago, for a bounded slice of time per pass. */
  void refresh(RevocationSession session) {
    Instant deadline = clock.instant().plus(REFRESH_SLICE);
    while (clock.instant().isBefore(deadline)) {
      Instant now = clock.instant();
      List<RevocationFeed.Status> due =
          session.signedBefore(now.minus(options.ocspRefresh()), BATCH / 4);
      if (due.isEmpty()) {
        return;
      }
      List<SignedResponse> signed = new ArrayList<>(due.size());
      for (RevocationFeed.Status certificate : due) {
        CertificateStatus status =
            certificate.revocation().map(OcspAnswerKeeper::status).orElse(CertificateStatus.good());
        Long answers = certificate.revocation().map(Revocation::seq).orElse(null);
        signed.add(sign(certificate.serial(), certificate.type(), status, answers, now));
      }
      session.save(signed);
      for (int i = 0; i < due.size(); i++) {
        answers.replaceHeld(
            JpkiAuthority.Type.of(due.get(i).type()),
            due.get(i).serial(),
            signed.get(i).response(),
            now);
      }
    }
  }

  private SignedResponse sign(
      long serial, String type, CertificateStatus status, Long answersSeq, Instant now) {
    byte[] answer =
        signers
            .get(JpkiAuthority.Type.of(type))
            .presign(serial, status, now, now.plus(options.ocspValidity()));
    return new SignedResponse(serial, answer, now, answersSeq);
  }

  private void hold(StoredResponse stored) {
    answers.hold(
        JpkiAuthority.Type.of(stored.type()),
        stored.serial(),
        stored.response(),
        stored.signedAt());
  }

  private void replaceHeld(StoredResponse stored) {
    answers.replaceHeld(
        JpkiAuthority.Type.of(stored.type()),
        stored.serial(),
        stored.response(),
        stored.signedAt());
  }

  private static CertificateStatus status(Revocation revocation) {
    return CertificateStatus.revoked(revocation.revokedAt(), revocation.reason());
  }
}
