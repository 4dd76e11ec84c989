package jp.jukihub.gateway.jpki;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OcspRequestParserTest {
  @TempDir static Path directory;
  static JpkiAuthority sign;
  static JpkiAuthority auth;
  static JpkiAuthority stranger;
  static OcspRequestParser parser;
  static byte[] valid;

  @BeforeAll
  static void cas() throws Exception {
    sign = JpkiAuthority.loadOrCreate(directory, JpkiAuthority.Type.SIGN, Clock.systemUTC());
    auth = JpkiAuthority.loadOrCreate(directory, JpkiAuthority.Type.AUTH, Clock.systemUTC());
    // Same name as our signing CA, another key: only the key hash tells them apart.
    stranger =
        JpkiAuthority.loadOrCreate(
            Files.createDirectories(directory.resolve("stranger")),
            JpkiAuthority.Type.SIGN,
            Clock.systemUTC());
    parser = new OcspRequestParser(List.of(sign, auth));
    valid = OcspRequests.request(OcspRequests.sha1(sign.certificate(), 7));
  }

  @Test
  void should_name_the_ca_and_serial_when_a_single_sha1_certid_is_asked_without_nonce() {
    OcspQuery query = parse(valid);

    assertThat(query.outcome()).isEqualTo(OcspQuery.Outcome.OURS);
    assertThat(query.issuer()).isEqualTo(JpkiAuthority.Type.SIGN);
    assertThat(query.nonce()).isNull();
    assertThat(query.certIds())
        .singleElement()
        .satisfies(
            id -> {
              assertThat(id.hash()).isEqualTo(CertId.Hash.SHA1);
              assertThat(id.nullParameters()).isTrue();
              assertThat(id.serial()).isEqualTo(BigInteger.valueOf(7));
            });
    assertThat(query.presignable()).isTrue();
  }

  @Test
  void should_keep_the_hashes_and_nonce_as_sent_when_sha256_and_a_nonce_are_used()
      throws Exception {
    CertificateID id = OcspRequests.certificateId(auth.certificate(), 8, OcspRequests.SHA256);
    byte[] nonce = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");

    OcspQuery query = parse(OcspRequests.requestWithNonce(nonce, id));

    assertThat(query.outcome()).isEqualTo(OcspQuery.Outcome.OURS);
    assertThat(query.issuer()).isEqualTo(JpkiAuthority.Type.AUTH);
    assertThat(query.nonce())
        .as("the extnValue content: an OCTET STRING of the nonce")
        .isEqualTo(new DEROctetString(nonce).getEncoded());
    CertId certId = query.certIds().get(0);
    assertThat(certId.hash()).isEqualTo(CertId.Hash.SHA256);
    assertThat(certId.issuerNameHash()).isEqualTo(id.getIssuerNameHash());
    assertThat(certId.issuerKeyHash()).isEqualTo(id.getIssuerKeyHash());
    assertThat(query.presignable()).isFalse();
  }

  @Test
  void should_read_every_certid_in_order_when_several_are_asked() throws Exception {
    OcspQuery query =
        parse(
            OcspRequests.request(
                OcspRequests.sha1(sign.certificate(), 1),
                OcspRequests.sha1(sign.certificate(), 2)));

    assertThat(query.outcome()).isEqualTo(OcspQuery.Outcome.OURS);
    assertThat(query.certIds())
        .extracting(CertId::serial)
        .containsExactly(BigInteger.ONE, BigInteger.TWO);
    assertThat(query.presignable()).isFalse();
  }

  @Test
  void should_not_be_ours_when_another_ca_of_the_same_name_is_asked() throws Exception {
    OcspQuery query = parse(OcspRequests.request(OcspRequests.sha1(stranger.certificate(), 7)));

    assertThat(query.outcome()).isEqualTo(OcspQuery.Outcome.NOT_OURS);
    assertThat(query.issuer()).isNull();
  }

  @Test
  void should_not_be_ours_when_one_request_names_both_cas() throws Exception {
    OcspQuery query =
        parse(
            OcspRequests.request(
                OcspRequests.sha1(sign.certificate(), 1),
                OcspRequests.sha1(auth.certificate(), 2)));

    assertThat(query.outcome()).isEqualTo(OcspQuery.Outcome.NOT_OURS);
  }

  @Test
  void should_not_be_ours_when_the_certid_uses_a_hash_we_do_not_answer_for() throws Exception {
    CertificateID id =
        OcspRequests.certificateId(
            sign.certificate(), 7, new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha384));

    assertThat(parse(OcspRequests.request(id)).outcome()).isEqualTo(OcspQuery.Outcome.NOT_OURS);
  }

  @Test
  void should_not_offer_a_presigned_answer_when_the_serial_is_negative() throws Exception {
    OcspQuery query = parse(OcspRequests.request(OcspRequests.sha1(sign.certificate(), -5)));

    assertThat(query.outcome()).isEqualTo(OcspQuery.Outcome.OURS);
    assertThat(query.presignable()).isFalse();
  }

  @Test
  void should_read_a_signed_request_when_it_carries_a_requestor_and_signature() throws Exception {
    byte[] signed =
        new OCSPReqBuilder()
            .addRequest(OcspRequests.sha1(sign.certificate(), 9))
            .setRequestorName(new X500Name("CN=Relying Party"))
            .build(new JcaContentSignerBuilder("SHA256withRSA").build(auth.key()), null)
            .getEncoded();

    assertThat(parse(signed).outcome()).isEqualTo(OcspQuery.Outcome.OURS);
  }

  @Test
  void should_ignore_a_nonce_longer_than_rfc_8954_allows_when_answering() throws Exception {
    OcspQuery query =
        parse(
            OcspRequests.requestWithNonce(new byte[33], OcspRequests.sha1(sign.certificate(), 7)));

    assertThat(query.outcome()).isEqualTo(OcspQuery.Outcome.OURS);
    assertThat(query.nonce()).isNull();
  }

  static Stream<Arguments> malformed() throws Exception {
    CertificateID id = OcspRequests.sha1(sign.certificate(), 7);
    CertificateID[] eleven = new CertificateID[OcspRequestParser.MAX_CERT_IDS + 1];
    Arrays.fill(eleven, id);
    byte[] criticalUnknown =
        new OCSPReqBuilder()
            .addRequest(id)
            .setRequestExtensions(
                new Extensions(
                    new Extension(new ASN1ObjectIdentifier("1.2.3.4"), true, new byte[] {5, 0})))
            .build()
            .getEncoded();
    byte[] longForm = valid.clone();
    return Stream.of(
        Arguments.of("empty", new byte[0]),
        Arguments.of("text", "GET / HTTP/1.1\r\n".getBytes()),
        Arguments.of("truncated", Arrays.copyOf(valid, valid.length - 1)),
        Arguments.of("half", Arrays.copyOf(valid, valid.length / 2)),
        Arguments.of("trailing garbage", concat(valid, new byte[] {0})),
        Arguments.of(
            "indefinite length",
            concat(
                new byte[] {0x30, (byte) 0x80},
                Arrays.copyOfRange(valid, 2, valid.length),
                new byte[] {0, 0})),
        Arguments.of(
            "length not shortest",
            concat(
                new byte[] {0x30, (byte) 0x81, longForm[1]},
                Arrays.copyOfRange(valid, 2, valid.length))),
        Arguments.of(
            "huge length",
            new byte[] {0x30, (byte) 0x84, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}),
        Arguments.of("no CertID", new byte[] {0x30, 0x04, 0x30, 0x02, 0x30, 0x00}),
        Arguments.of("eleven CertIDs", OcspRequests.request(eleven)),
        Arguments.of("critical unknown extension", criticalUnknown),
        Arguments.of("a certificate, not a request", sign.certificate().getEncoded()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void should_be_malformed_and_say_why_when_the_body_is_not_a_request_we_read(
      String name, byte[] body) {
    OcspQuery query = parse(body);

    assertThat(query.outcome()).isEqualTo(OcspQuery.Outcome.MALFORMED);
    assertThat(query.problem()).isNotBlank();
    assertThat(query.certIds()).isEmpty();
  }

  private static OcspQuery parse(byte[] der) {
    return parser.parse(Buffer.buffer(der));
  }

  private static byte[] concat(byte[]... parts) {
    int length = Arrays.stream(parts).mapToInt(part -> part.length).sum();
    byte[] joined = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, joined, at, part.length);
      at += part.length;
    }
    return joined;
  }
}
