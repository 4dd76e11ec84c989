package jp.jukihub.gateway.jpki;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OcspResponderTest {
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  @TempDir static Path directory;
  static OcspResponderFixture fixture;

  @BeforeAll
  static void start() {
    fixture = new OcspResponderFixture(directory);
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  @Test
  void should_register_every_kind_at_zero_when_started() {
    fixture.start(new InMemoryOcspStatusSource(), OcspResponderOptions.defaults());

    for (String kind :
        List.of("presigned", "live", "try_later", "malformed", "unauthorized", "internal_error")) {
      assertThat(fixture.count(kind)).as(kind).isZero();
    }
  }

  @Test
  void should_encode_the_error_answers_as_bouncycastle_does() throws Exception {
    assertThat(OcspErrorResponse.MALFORMED_REQUEST.der())
        .isEqualTo(
            new OCSPRespBuilder().build(OCSPRespBuilder.MALFORMED_REQUEST, null).getEncoded());
    assertThat(OcspErrorResponse.INTERNAL_ERROR.der())
        .isEqualTo(new OCSPRespBuilder().build(OCSPRespBuilder.INTERNAL_ERROR, null).getEncoded());
    assertThat(OcspErrorResponse.TRY_LATER.der())
        .isEqualTo(new OCSPRespBuilder().build(OCSPRespBuilder.TRY_LATER, null).getEncoded());
    assertThat(OcspErrorResponse.UNAUTHORIZED.der())
        .isEqualTo(new OCSPRespBuilder().build(OCSPRespBuilder.UNAUTHORIZED, null).getEncoded());
  }

  static Stream<Arguments> garbage() throws Exception {
    byte[] request = OcspRequests.request(OcspRequests.sha1(fixture.sign.certificate(), 1));
    return Stream.of(
        Arguments.of("empty body", new byte[0]),
        Arguments.of("garbage", "not DER at all".getBytes()),
        Arguments.of("truncated request", Arrays.copyOf(request, request.length - 3)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("garbage")
  void should_answer_malformed_request_when_the_body_is_not_a_request(String name, byte[] body)
      throws Exception {
    fixture.start(new InMemoryOcspStatusSource(), OcspResponderOptions.defaults());

    assertThat(status(fixture.answer(body))).isEqualTo(OCSPRespBuilder.MALFORMED_REQUEST);
    assertThat(fixture.count("malformed")).isOne();
  }

  @Test
  void should_answer_unauthorized_when_the_request_names_another_ca() throws Exception {
    fixture.start(new InMemoryOcspStatusSource(), OcspResponderOptions.defaults());
    JpkiAuthority other =
        JpkiAuthority.loadOrCreate(
            Files.createDirectories(directory.resolve("other")),
            JpkiAuthority.Type.AUTH,
            Clock.systemUTC());

    byte[] answer = fixture.answer(OcspRequests.request(OcspRequests.sha1(other.certificate(), 1)));

    assertThat(status(answer)).isEqualTo(OCSPRespBuilder.UNAUTHORIZED);
    assertThat(fixture.count("unauthorized")).isOne();
  }

  @Test
  void should_serve_the_held_bytes_without_asking_the_store_when_a_presigned_response_is_held()
      throws Exception {
    byte[] held =
        fixture.signSigner.presign(42, CertificateStatus.good(), NOW, NOW.plus(Duration.ofDays(1)));
    InMemoryOcspStatusSource source =
        new InMemoryOcspStatusSource().hold(JpkiAuthority.Type.SIGN, 42, held);
    fixture.start(source, OcspResponderOptions.defaults());

    byte[] answer =
        fixture.answer(OcspRequests.request(OcspRequests.sha1(fixture.sign.certificate(), 42)));

    assertThat(answer).isEqualTo(held);
    assertThat(source.lookups()).isZero();
    assertThat(fixture.count("presigned")).isOne();
    assertThat(fixture.count("live")).isZero();
  }

  @Test
  void should_serve_the_stored_bytes_unsigned_when_the_response_is_kept_but_not_held()
      throws Exception {
    byte[] kept =
        fixture.signSigner.presign(43, CertificateStatus.good(), NOW, NOW.plus(Duration.ofDays(1)));
    InMemoryOcspStatusSource source =
        new InMemoryOcspStatusSource().store(JpkiAuthority.Type.SIGN, 43, kept);
    fixture.start(source, OcspResponderOptions.defaults());

    byte[] answer =
        fixture.answer(OcspRequests.request(OcspRequests.sha1(fixture.sign.certificate(), 43)));

    assertThat(answer).isEqualTo(kept);
    assertThat(source.lookups()).as("one load, no status lookup").isOne();
    assertThat(fixture.count("stored")).isOne();
    assertThat(fixture.count("live")).isZero();
    assertThat(fixture.meters.get(OcspMeters.IN_FLIGHT).gauge().value()).isZero();
  }

  @Test
  void should_sign_live_when_the_store_keeps_no_response_for_a_presignable_query()
      throws Exception {
    InMemoryOcspStatusSource source =
        new InMemoryOcspStatusSource()
            .know(
                JpkiAuthority.Type.SIGN,
                44,
                CertificateStatus.revoked(NOW.minus(Duration.ofMinutes(1)), 1));
    fixture.start(source, OcspResponderOptions.defaults());

    byte[] answer =
        fixture.answer(OcspRequests.request(OcspRequests.sha1(fixture.sign.certificate(), 44)));

    assertThat(signedBy(answer, fixture.sign).getResponses()[0].getCertStatus())
        .isInstanceOf(RevokedStatus.class);
    assertThat(source.lookups()).as("the load, then the status").isEqualTo(2);
    assertThat(fixture.count("live")).isOne();
    assertThat(fixture.count("stored")).isZero();
  }

  @Test
  void should_sign_live_for_the_exact_certids_when_no_response_is_held() throws Exception {
    InMemoryOcspStatusSource source =
        new InMemoryOcspStatusSource()
            .know(JpkiAuthority.Type.AUTH, 5, CertificateStatus.good())
            .know(
                JpkiAuthority.Type.AUTH,
                6,
                CertificateStatus.revoked(NOW.minus(Duration.ofHours(3)), 1));
    fixture.start(source, OcspResponderOptions.defaults());
    CertificateID sha256 =
        OcspRequests.certificateId(fixture.auth.certificate(), 5, OcspRequests.SHA256);
    CertificateID sha1 = OcspRequests.sha1(fixture.auth.certificate(), 6);
    CertificateID unknown = OcspRequests.sha1(fixture.auth.certificate(), 7);

    byte[] answer =
        fixture.answer(OcspRequests.requestWithNonce(new byte[16], sha256, sha1, unknown));

    BasicOCSPResp basic = signedBy(answer, fixture.auth);
    SingleResp[] responses = basic.getResponses();
    assertThat(responses).extracting(SingleResp::getCertID).containsExactly(sha256, sha1, unknown);
    assertThat(responses[0].getCertStatus()).isNull(); // good
    assertThat(responses[1].getCertStatus()).isInstanceOf(RevokedStatus.class);
    assertThat(responses[2].getCertStatus()).isInstanceOf(UnknownStatus.class);
    assertThat(basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce)).isNotNull();
    assertThat(source.lookups()).isEqualTo(3);
    assertThat(fixture.count("live")).isOne();
  }

  @Test
  void
      should_shed_with_try_later_when_the_in_flight_limit_is_reached_and_serve_again_once_it_drains()
          throws Exception {
    PendingStatusSource source = new PendingStatusSource();
    fixture.start(source, OcspResponderOptions.defaults().withMaxInFlight(2));
    byte[] request = OcspRequests.request(OcspRequests.sha1(fixture.sign.certificate(), 77));

    Future<Buffer> first = fixture.ask(request);
    Future<Buffer> second = fixture.ask(request);
    Promise<CertificateStatus> firstLookup = source.next();
    Promise<CertificateStatus> secondLookup = source.next();
    byte[] shed = fixture.answer(request);

    assertThat(status(shed)).isEqualTo(OCSPRespBuilder.TRY_LATER);
    assertThat(fixture.count("try_later")).isOne();
    assertThat(source.pending()).as("a shed request never reaches the store").isEmpty();

    firstLookup.complete(CertificateStatus.good());
    secondLookup.complete(CertificateStatus.good());
    assertThat(status(await(first))).isEqualTo(OCSPRespBuilder.SUCCESSFUL);
    assertThat(status(await(second))).isEqualTo(OCSPRespBuilder.SUCCESSFUL);

    Future<Buffer> after = fixture.ask(request);
    source.next().complete(CertificateStatus.good());
    assertThat(status(await(after))).isEqualTo(OCSPRespBuilder.SUCCESSFUL);
    assertThat(fixture.count("live")).isEqualTo(3);
    assertThat(fixture.meters.get(OcspMeters.IN_FLIGHT).gauge().value()).isZero();
  }

  @Test
  void should_answer_internal_error_and_free_the_slot_when_the_source_fails() throws Exception {
    OcspStatusSource failing =
        new OcspStatusSource() {
          @Override
          public byte[] presigned(JpkiAuthority.Type type, long serial) {
            return null;
          }

          // Serials 1 and 2 fail the stored answer's load, 3 and 4 the status lookup after it.
          @Override
          public Future<byte[]> stored(JpkiAuthority.Type type, long serial) {
            if (serial == 1) {
              throw new IllegalStateException("a source that throws instead of failing its future");
            }
            return serial == 2
                ? Future.failedFuture("the database is down")
                : Future.succeededFuture(null);
          }

          @Override
          public Future<CertificateStatus> status(JpkiAuthority.Type type, BigInteger serial) {
            if (serial.equals(BigInteger.valueOf(3))) {
              throw new IllegalStateException("a source that throws instead of failing its future");
            }
            return Future.failedFuture("the database is down");
          }
        };
    fixture.start(failing, OcspResponderOptions.defaults().withMaxInFlight(1));

    for (long serial = 1; serial <= 4; serial++) {
      byte[] answer =
          fixture.answer(
              OcspRequests.request(OcspRequests.sha1(fixture.sign.certificate(), serial)));
      assertThat(status(answer))
          .as("serial %d: internalError, not tryLater: each failure gave its slot back", serial)
          .isEqualTo(OCSPRespBuilder.INTERNAL_ERROR);
    }
    assertThat(fixture.count("internal_error")).isEqualTo(4);
    assertThat(fixture.count("try_later")).isZero();
  }

  /** A source whose lookups stay open until the test completes them. */
  private static final class PendingStatusSource implements OcspStatusSource {
    private final BlockingQueue<Promise<CertificateStatus>> lookups = new LinkedBlockingQueue<>();

    @Override
    public byte[] presigned(JpkiAuthority.Type type, long serial) {
      return null;
    }

    @Override
    public Future<byte[]> stored(JpkiAuthority.Type type, long serial) {
      return Future.succeededFuture(null);
    }

    @Override
    public Future<CertificateStatus> status(JpkiAuthority.Type type, BigInteger serial) {
      Promise<CertificateStatus> promise = Promise.promise();
      lookups.add(promise);
      return promise.future();
    }

    Promise<CertificateStatus> next() throws InterruptedException {
      Promise<CertificateStatus> next = lookups.poll(10, TimeUnit.SECONDS);
      assertThat(next).as("a lookup within 10 s").isNotNull();
      return next;
    }

    List<Promise<CertificateStatus>> pending() {
      return List.copyOf(lookups);
    }
  }

  private static byte[] await(Future<Buffer> answer) throws Exception {
    return answer.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).getBytes();
  }

  private static int status(byte[] answer) throws Exception {
    return new OCSPResp(answer).getStatus();
  }

  private static BasicOCSPResp signedBy(byte[] answer, JpkiAuthority ca) throws Exception {
    OCSPResp response = new OCSPResp(answer);
    assertThat(response.getStatus()).isEqualTo(OCSPRespBuilder.SUCCESSFUL);
    BasicOCSPResp basic = (BasicOCSPResp) response.getResponseObject();
    assertThat(
            basic.isSignatureValid(
                new JcaContentVerifierProviderBuilder().build(ca.certificate().getPublicKey())))
        .isTrue();
    assertThat(basic.getCerts()).as("the CA signs itself: no certificates ride along").isEmpty();
    return basic;
  }
}
