package jp.jukihub.gateway.jpki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SignatureException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import jp.jukihub.gateway.jpki.JpkiAuthority.Type;
import jp.jukihub.person.Sex;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class JpkiCertificateIssuerTest {
  private static final BigInteger SERIAL = new BigInteger("1a2b3c4d5e6f", 16);
  private static final int SHARD = 7;
  private static final Instant NOT_BEFORE = Instant.parse("2026-10-01T00:00:00Z");
  private static final Instant NOT_AFTER = Instant.parse("2031-04-12T14:59:59Z");
  private static final CardHolder HOLDER = JpkiFixture.HOLDER;

  private static final String BASIC_CONSTRAINTS = "2.5.29.19";
  private static final String KEY_USAGE = "2.5.29.15";
  private static final String SUBJECT_ALT_NAME = "2.5.29.17";
  private static final String EXTENDED_KEY_USAGE = "2.5.29.37";
  private static final String CERTIFICATE_POLICIES = "2.5.29.32";
  private static final String AUTHORITY_KEY_ID = "2.5.29.35";
  private static final String SUBJECT_KEY_ID = "2.5.29.14";
  private static final String CRL_DISTRIBUTION_POINTS = "2.5.29.31";
  private static final String AUTHORITY_INFO_ACCESS = "1.3.6.1.5.5.7.1.1";

  @TempDir static Path directory;
  private static JpkiFixture jpki;
  private static KeyPair cardKey;

  @BeforeAll
  static void createAuthorities() {
    jpki = JpkiFixture.in(directory);
    cardKey = JpkiKeys.generate();
  }

  private static X509Certificate issue(Type type) {
    return jpki.issuer()
        .issue(type, cardKey.getPublic(), HOLDER, SERIAL, SHARD, NOT_BEFORE, NOT_AFTER);
  }

  @ParameterizedTest
  @EnumSource(Type.class)
  void should_sign_a_v3_certificate_naming_only_its_serial_with_the_ca_of_its_type(Type type)
      throws Exception {
    X509Certificate certificate = issue(type);
    X509Certificate ca = jpki.authority(type).certificate();

    assertThat(certificate.getVersion()).isEqualTo(3);
    assertThat(certificate.getSigAlgOID())
        .as("sha256WithRSAEncryption")
        .isEqualTo("1.2.840.113549.1.1.11");
    certificate.verify(ca.getPublicKey());
    assertThat(certificate.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
    assertThat(X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()))
        .hasToString("C=JP,O=JPKI (Juki Hub),CN=1A2B3C4D5E6F");
    assertThat(certificate.getSerialNumber()).isEqualTo(SERIAL);
    assertThat(certificate.getPublicKey()).isEqualTo(cardKey.getPublic());
    assertThat(certificate.getNotBefore().toInstant()).isEqualTo(NOT_BEFORE);
    assertThat(certificate.getNotAfter().toInstant()).isEqualTo(NOT_AFTER);
  }

  @Test
  void should_not_verify_with_the_other_ca() {
    assertThatThrownBy(() -> issue(Type.SIGN).verify(jpki.auth().certificate().getPublicKey()))
        .isInstanceOf(SignatureException.class);
  }

  @Test
  void should_mark_a_signing_certificate_for_signatures_under_the_signing_policy()
      throws Exception {
    X509Certificate certificate = issue(Type.SIGN);

    assertThat(certificate.getCriticalExtensionOIDs())
        .containsExactlyInAnyOrder(BASIC_CONSTRAINTS, KEY_USAGE);
    assertThat(certificate.getNonCriticalExtensionOIDs())
        .containsExactlyInAnyOrder(
            SUBJECT_ALT_NAME,
            CERTIFICATE_POLICIES,
            AUTHORITY_KEY_ID,
            SUBJECT_KEY_ID,
            CRL_DISTRIBUTION_POINTS,
            AUTHORITY_INFO_ACCESS);
    assertThat(certificate.getBasicConstraints()).as("not a CA").isEqualTo(-1);
    assertThat(keyUsages(certificate)).containsExactly("digitalSignature", "nonRepudiation");
    assertThat(policies(certificate)).containsExactly("1.2.392.200149.8.5.1.1.20");
  }

  @Test
  void should_mark_a_user_authentication_certificate_for_client_authentication_under_its_policy()
      throws Exception {
    X509Certificate certificate = issue(Type.AUTH);

    assertThat(certificate.getCriticalExtensionOIDs())
        .containsExactlyInAnyOrder(BASIC_CONSTRAINTS, KEY_USAGE);
    assertThat(certificate.getNonCriticalExtensionOIDs())
        .containsExactlyInAnyOrder(
            EXTENDED_KEY_USAGE,
            CERTIFICATE_POLICIES,
            AUTHORITY_KEY_ID,
            SUBJECT_KEY_ID,
            CRL_DISTRIBUTION_POINTS,
            AUTHORITY_INFO_ACCESS);
    assertThat(certificate.getBasicConstraints()).as("not a CA").isEqualTo(-1);
    assertThat(keyUsages(certificate)).containsExactly("digitalSignature");
    assertThat(certificate.getExtendedKeyUsage())
        .as("clientAuth")
        .containsExactly("1.3.6.1.5.5.7.3.2");
    assertThat(policies(certificate)).containsExactly("1.2.392.200149.8.5.1.3.30");
  }

  @Test
  void should_carry_the_4_info_in_the_subject_alt_name_when_signing() throws Exception {
    Map<String, ASN1Encodable> names = otherNames(issue(Type.SIGN));

    assertThat(names)
        .containsOnlyKeys(
            "1.2.392.200149.8.5.5.1",
            "1.2.392.200149.8.5.5.3",
            "1.2.392.200149.8.5.5.4",
            "1.2.392.200149.8.5.5.5");
    assertThat(names.get("1.2.392.200149.8.5.5.1"))
        .isInstanceOf(DERUTF8String.class)
        .hasToString("山田\u3000花子");
    assertThat(names.get("1.2.392.200149.8.5.5.3"))
        .isInstanceOf(DERPrintableString.class)
        .hasToString("2");
    assertThat(names.get("1.2.392.200149.8.5.5.4"))
        .isInstanceOf(DERPrintableString.class)
        .hasToString("19850412");
    assertThat(names.get("1.2.392.200149.8.5.5.5"))
        .isInstanceOf(DERUTF8String.class)
        .hasToString("東京都千代田区本町3丁目12番5号");
  }

  @ParameterizedTest
  @CsvSource({"MALE, 1", "FEMALE, 2"})
  void should_write_the_resident_records_sex_code_when_signing(Sex sex, String code)
      throws Exception {
    CardHolder holder = new CardHolder(HOLDER.name(), sex, HOLDER.birthDate(), HOLDER.address());
    X509Certificate certificate =
        jpki.issuer()
            .issue(Type.SIGN, cardKey.getPublic(), holder, SERIAL, SHARD, NOT_BEFORE, NOT_AFTER);

    assertThat(otherNames(certificate).get("1.2.392.200149.8.5.5.3")).hasToString(code);
  }

  @Test
  void should_carry_none_of_the_4_info_when_authenticating() {
    X509Certificate certificate = issue(Type.AUTH);
    String der = new String(encoded(certificate), StandardCharsets.ISO_8859_1);

    assertThat(certificate.getExtensionValue(SUBJECT_ALT_NAME)).isNull();
    for (String value : List.of(HOLDER.name(), HOLDER.address(), "19850412", "1985-04-12")) {
      assertThat(der)
          .doesNotContain(
              new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
    }
  }

  @Test
  void should_issue_a_user_authentication_certificate_without_a_holder() {
    X509Certificate certificate =
        jpki.issuer()
            .issue(Type.AUTH, cardKey.getPublic(), null, SERIAL, SHARD, NOT_BEFORE, NOT_AFTER);

    assertThat(certificate.getExtensionValue(SUBJECT_ALT_NAME)).isNull();
  }

  @ParameterizedTest
  @CsvSource({
    "SIGN, http://127.0.0.1:8080/v1/jpki/crl/sign/7",
    "AUTH, http://127.0.0.1:8080/v1/jpki/crl/auth/7"
  })
  void should_point_at_its_crl_shard_and_the_ocsp_responder(Type type, String crl)
      throws Exception {
    X509Certificate certificate = issue(type);

    CRLDistPoint points = CRLDistPoint.getInstance(extension(certificate, CRL_DISTRIBUTION_POINTS));
    assertThat(points.getDistributionPoints()).hasSize(1);
    DistributionPoint point = points.getDistributionPoints()[0];
    assertThat(point.getReasons()).as("one CRL for every reason").isNull();
    assertThat(point.getCRLIssuer()).as("the CA issues its own CRLs").isNull();
    assertThat(uris(GeneralNames.getInstance(point.getDistributionPoint().getName())))
        .containsExactly(crl);

    AccessDescription[] access =
        AuthorityInformationAccess.getInstance(extension(certificate, AUTHORITY_INFO_ACCESS))
            .getAccessDescriptions();
    assertThat(access).hasSize(1);
    assertThat(access[0].getAccessMethod())
        .isEqualTo(new ASN1ObjectIdentifier("1.3.6.1.5.5.7.48.1"));
    assertThat(uris(new GeneralNames(access[0].getAccessLocation())))
        .containsExactly("http://127.0.0.1:8080/v1/jpki/ocsp");
  }

  @ParameterizedTest
  @EnumSource(Type.class)
  void should_identify_the_card_key_and_the_ca_key(Type type) throws Exception {
    X509Certificate certificate = issue(type);
    X509Certificate ca = jpki.authority(type).certificate();

    byte[] caKeyId =
        SubjectKeyIdentifier.getInstance(extension(ca, SUBJECT_KEY_ID)).getKeyIdentifier();
    AuthorityKeyIdentifier authority =
        AuthorityKeyIdentifier.getInstance(extension(certificate, AUTHORITY_KEY_ID));
    assertThat(authority.getKeyIdentifier()).isEqualTo(caKeyId);
    assertThat(authority.getAuthorityCertIssuer()).as("not tied to one CA certificate").isNull();
    assertThat(authority.getAuthorityCertSerialNumber()).isNull();
    assertThat(
            SubjectKeyIdentifier.getInstance(extension(certificate, SUBJECT_KEY_ID))
                .getKeyIdentifier())
        .as("RFC 5280 method 1: SHA-1 of the public key bits")
        .isEqualTo(sha1OfKeyBits(cardKey.getPublic()));
  }

  @Test
  void should_refuse_what_the_profile_forbids() throws Exception {
    KeyPairGenerator rsa1024 = KeyPairGenerator.getInstance("RSA");
    rsa1024.initialize(1024);
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    CertificateIssuer issuer = jpki.issuer();
    PublicKey key = cardKey.getPublic();

    assertThatThrownBy(
            () ->
                issuer.issue(
                    Type.SIGN,
                    rsa1024.generateKeyPair().getPublic(),
                    HOLDER,
                    SERIAL,
                    SHARD,
                    NOT_BEFORE,
                    NOT_AFTER))
        .as("a short key")
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                issuer.issue(
                    Type.SIGN,
                    ec.generateKeyPair().getPublic(),
                    HOLDER,
                    SERIAL,
                    SHARD,
                    NOT_BEFORE,
                    NOT_AFTER))
        .as("a key that is not RSA")
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                issuer.issue(Type.SIGN, key, HOLDER, BigInteger.ZERO, SHARD, NOT_BEFORE, NOT_AFTER))
        .as("serial 0")
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                issuer.issue(
                    Type.SIGN,
                    key,
                    HOLDER,
                    BigInteger.ONE.shiftLeft(159),
                    SHARD,
                    NOT_BEFORE,
                    NOT_AFTER))
        .as("a serial over 20 octets")
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> issuer.issue(Type.SIGN, key, HOLDER, SERIAL, -1, NOT_BEFORE, NOT_AFTER))
        .as("a negative shard")
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> issuer.issue(Type.SIGN, key, HOLDER, SERIAL, SHARD, NOT_AFTER, NOT_AFTER))
        .as("no validity")
        .isInstanceOf(IllegalArgumentException.class);
    Instant afterCa = jpki.sign().certificate().getNotAfter().toInstant().plusSeconds(1);
    assertThatThrownBy(
            () -> issuer.issue(Type.SIGN, key, HOLDER, SERIAL, SHARD, NOT_BEFORE, afterCa))
        .as("outliving the CA")
        .isInstanceOfSatisfying(
            jp.jukihub.error.HubException.class,
            refused ->
                assertThat(refused.code()).isEqualTo(jp.jukihub.error.ErrorCode.CA_RENEWAL_NEEDED));
    assertThatThrownBy(
            () -> issuer.issue(Type.SIGN, key, null, SERIAL, SHARD, NOT_BEFORE, NOT_AFTER))
        .as("a signing certificate without its holder")
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void should_accept_the_largest_20_octet_serial() {
    BigInteger largest = BigInteger.ONE.shiftLeft(159).subtract(BigInteger.ONE);

    X509Certificate certificate =
        jpki.issuer()
            .issue(Type.AUTH, cardKey.getPublic(), null, largest, SHARD, NOT_BEFORE, NOT_AFTER);

    assertThat(certificate.getSerialNumber()).isEqualTo(largest);
  }

  @Test
  void should_refuse_the_cas_in_the_wrong_order() {
    assertThatThrownBy(() -> new CertificateIssuer(jpki.auth(), jpki.sign(), JpkiFixture.BASE_URL))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Map<String, ASN1Encodable> otherNames(X509Certificate certificate)
      throws Exception {
    Map<String, ASN1Encodable> values = new LinkedHashMap<>();
    for (GeneralName name :
        GeneralNames.getInstance(extension(certificate, SUBJECT_ALT_NAME)).getNames()) {
      assertThat(name.getTagNo()).as("otherName").isEqualTo(GeneralName.otherName);
      // OtherName ::= SEQUENCE { type-id OBJECT IDENTIFIER, value [0] EXPLICIT ANY }
      ASN1Sequence otherName = ASN1Sequence.getInstance(name.getName());
      ASN1TaggedObject value = ASN1TaggedObject.getInstance(otherName.getObjectAt(1));
      assertThat(value.getTagNo()).isZero();
      assertThat(value.isExplicit()).isTrue();
      values.put(
          ASN1ObjectIdentifier.getInstance(otherName.getObjectAt(0)).getId(),
          value.getExplicitBaseObject());
    }
    return values;
  }

  private static List<String> keyUsages(X509Certificate certificate) {
    List<String> names =
        List.of(
            "digitalSignature",
            "nonRepudiation",
            "keyEncipherment",
            "dataEncipherment",
            "keyAgreement",
            "keyCertSign",
            "cRLSign");
    boolean[] bits = certificate.getKeyUsage();
    return IntStream.range(0, bits.length).filter(bit -> bits[bit]).mapToObj(names::get).toList();
  }

  private static List<String> policies(X509Certificate certificate) throws Exception {
    return Arrays.stream(
            CertificatePolicies.getInstance(extension(certificate, CERTIFICATE_POLICIES))
                .getPolicyInformation())
        .map(PolicyInformation::getPolicyIdentifier)
        .map(ASN1ObjectIdentifier::getId)
        .toList();
  }

  private static List<String> uris(GeneralNames names) {
    return Arrays.stream(names.getNames())
        .peek(name -> assertThat(name.getTagNo()).isEqualTo(GeneralName.uniformResourceIdentifier))
        .map(name -> name.getName().toString())
        .toList();
  }

  private static ASN1Primitive extension(X509Certificate certificate, String oid) throws Exception {
    byte[] value = certificate.getExtensionValue(oid);
    assertThat(value).as("extension " + oid).isNotNull();
    return JcaX509ExtensionUtils.parseExtensionValue(value).toASN1Primitive();
  }

  private static byte[] sha1OfKeyBits(PublicKey key) throws Exception {
    byte[] bits = SubjectPublicKeyInfo.getInstance(key.getEncoded()).getPublicKeyData().getBytes();
    return MessageDigest.getInstance("SHA-1").digest(bits);
  }

  private static byte[] encoded(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
