package jp.jukihub.gateway.jpki;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import jp.jukihub.database.StorePool;
import jp.jukihub.gateway.config.JpkiOptions;
import jp.jukihub.jpki.CardApplicant;
import jp.jukihub.jpki.CertificateRecords;
import jp.jukihub.jpki.NewCertificate;
import jp.jukihub.jpki.Revocation;
import jp.jukihub.number.LgCode;
import jp.jukihub.number.ResidentCode;

/**
 * Issues a My Number card's two certificates (署名用・利用者証明用電子証明書) as J-LIS does at the municipality's
 * request: for the two keys the card made itself (their PKCS#10 requests, {@link
 * #issueForCardKeys}), it issues the certificates, signs their first OCSP answers and records them
 * (superseding the holder's earlier card in the same statement); the answer holds certificates
 * only.
 *
 * <p>The demo has no card: there ({@link #issue}, allowed on the embedded demo database only) the
 * hub makes both RSA-2048 key pairs and hands them over in PKCS#12 bundles under passphrases strong
 * enough to stand offline guessing ({@link CardPins}). The keys exist only in memory until the
 * answer is built: the hub keeps none.
 */
public final class CardIssuance {
  /**
   * The card as handed to the municipality. Holds private keys (inside the bundles): never kept.
   */
  public record IssuedCard(
      Map<JpkiAuthority.Type, X509Certificate> certificates,
      Map<JpkiAuthority.Type, byte[]> bundles,
      Map<JpkiAuthority.Type, Integer> shards,
      List<Revocation> superseded) {}

  private record Prepared(IssuedCard card, List<NewCertificate> records) {}

  private final StorePool municipal;
  private final WorkerExecutor keyMaker;
  private final Map<JpkiAuthority.Type, JpkiAuthority> authorities;
  private final CertificateIssuer issuer;
  private final Map<JpkiAuthority.Type, OcspSigner> ocsp;
  private final CertificateRecords records;
  private final PresignedAnswers answers;
  private final JpkiOptions options;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public CardIssuance(
      StorePool municipal,
      WorkerExecutor keyMaker,
      Map<JpkiAuthority.Type, JpkiAuthority> authorities,
      CertificateIssuer issuer,
      Map<JpkiAuthority.Type, OcspSigner> ocsp,
      CertificateRecords records,
      PresignedAnswers answers,
      JpkiOptions options,
      Clock clock) {
    this.municipal = municipal;
    this.keyMaker = keyMaker;
    this.authorities = authorities;
    this.issuer = issuer;
    this.ocsp = ocsp;
    this.records = records;
    this.answers = answers;
    this.options = options;
    this.clock = clock;
  }

  /**
   * The resident as their municipality's open record has them; only a current resident gets a card.
   */
  public Future<CardApplicant> applicant(LgCode lg, ResidentCode code) {
    return CardApplicant.read(municipal, lg, code);
  }

  /**
   * The demo's card: the hub makes the keys and bundles them under {@code pins}. {@code address} is
   * the full address as the certificate prints it.
   */
  public Future<IssuedCard> issue(CardApplicant applicant, String address, CardPins pins) {
    return issue(applicant, () -> prepare(applicant, address, null, pins))
        .onComplete(done -> pins.clear());
  }

  /**
   * The card's certificates for the keys it made ({@code keys}, each proven by its request's
   * signature); no key passes through the hub.
   */
  public Future<IssuedCard> issueForCardKeys(
      CardApplicant applicant, String address, Map<JpkiAuthority.Type, PublicKey> keys) {
    return issue(applicant, () -> prepare(applicant, address, keys, null));
  }

  private Future<IssuedCard> issue(CardApplicant applicant, Callable<Prepared> preparation) {
    // Key generation (~100 ms each) and signing block: a small worker pool of their own, so a
    // burst of issuance queues there and never holds an event loop or the shared workers.
    return keyMaker
        .<Prepared>executeBlocking(preparation, false)
        .compose(
            prepared ->
                records
                    .issue(
                        applicant.personId(),
                        applicant.version(),
                        applicant.lg().value(),
                        prepared.records())
                    .map(
                        superseded -> {
                          for (NewCertificate certificate : prepared.records()) {
                            // Unless later: the publisher may already hold a revoked answer for
                            // it (a quick register change).
                            answers.hold(
                                JpkiAuthority.Type.of(certificate.type()),
                                certificate.serial(),
                                certificate.ocspResponse(),
                                certificate.ocspSignedAt());
                          }
                          IssuedCard card = prepared.card();
                          return new IssuedCard(
                              card.certificates(), card.bundles(), card.shards(), superseded);
                        }));
  }

  // keys: the card's own (no bundles); null: the demo's, made here and bundled under pins.
  private Prepared prepare(
      CardApplicant applicant,
      String address,
      Map<JpkiAuthority.Type, PublicKey> cardKeys,
      CardPins pins) {
    Instant now = clock.instant();
    Instant notAfter = CardValidity.notAfter(applicant.birthDate(), now);
    CardHolder holder =
        new CardHolder(applicant.nameKanji(), applicant.sex(), applicant.birthDate(), address);
    Map<JpkiAuthority.Type, X509Certificate> certificates = new EnumMap<>(JpkiAuthority.Type.class);
    Map<JpkiAuthority.Type, byte[]> bundles = new EnumMap<>(JpkiAuthority.Type.class);
    Map<JpkiAuthority.Type, Integer> shards = new EnumMap<>(JpkiAuthority.Type.class);
    List<NewCertificate> rows = new ArrayList<>(2);
    for (JpkiAuthority.Type type : JpkiAuthority.Type.values()) {
      KeyPair made = cardKeys == null ? JpkiKeys.generate() : null;
      PublicKey key = made == null ? cardKeys.get(type) : made.getPublic();
      long serial = serial();
      int shard = random.nextInt(options.crlShards());
      X509Certificate certificate =
          issuer.issue(type, key, holder, BigInteger.valueOf(serial), shard, now, notAfter);
      if (made != null) {
        char[] pin = type == JpkiAuthority.Type.SIGN ? pins.sign() : pins.auth();
        bundles.put(
            type,
            Pkcs12Bundle.write(
                made.getPrivate(),
                certificate,
                authorities.get(type).certificate(),
                pin,
                type.label()));
      }
      certificates.put(type, certificate);
      shards.put(type, shard);
      byte[] answer =
          ocsp.get(type)
              .presign(serial, CertificateStatus.good(), now, now.plus(options.ocspValidity()));
      rows.add(new NewCertificate(serial, type.label(), shard, now, notAfter, answer, now));
    }
    return new Prepared(new IssuedCard(certificates, bundles, shards, List.of()), rows);
  }

  /** A random positive 63-bit serial: unguessable, so it says nothing about whose or when. */
  private long serial() {
    long serial;
    do {
      serial = random.nextLong() & Long.MAX_VALUE;
    } while (serial == 0);
    return serial;
  }
}
