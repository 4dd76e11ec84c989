package jp.jukihub.gateway.jpki;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.CertID;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.ResponderID;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Signs OCSP responses (RFC 6960 §4.2) with one JPKI CA's own key: no delegated responder, so a
 * client needs nothing but the CA certificate it already trusts. The responderID is byKey, the
 * algorithm SHA256withRSA, and no certificates ride along. Blocking (an RSA-2048 signature, about a
 * millisecond or two): call it from a worker, never from an event loop. Thread-safe.
 */
public final class OcspSigner {
  private final JpkiAuthority authority;
  private final IssuerHashes hashes;
  private final RespID responderId;

  public OcspSigner(JpkiAuthority authority) {
    this.authority = authority;
    this.hashes = new IssuerHashes(authority);
    this.responderId =
        new RespID(new ResponderID(new DEROctetString(hashes.keyHash(CertId.Hash.SHA1))));
  }

  public JpkiAuthority authority() {
    return authority;
  }

  /**
   * The complete DER OCSPResponse for one serial, as {@code openssl ocsp} asks for it: a SHA-1
   * CertID and no nonce, so that it can be held and served to everyone until {@code nextUpdate}.
   * producedAt is {@code thisUpdate}.
   */
  public byte[] presign(
      long serial, CertificateStatus status, Instant thisUpdate, Instant nextUpdate) {
    if (serial < 0) {
      throw new IllegalArgumentException("negative serial " + serial);
    }
    CertId certId =
        new CertId(
            CertId.Hash.SHA1,
            true,
            hashes.nameHash(CertId.Hash.SHA1),
            hashes.keyHash(CertId.Hash.SHA1),
            BigInteger.valueOf(serial));
    return sign(List.of(certId), List.of(status), null, thisUpdate, nextUpdate);
  }

  /**
   * The DER OCSPResponse to {@code query}: one SingleResponse per CertID, named exactly as asked,
   * with {@code statuses} in the same order, and the query's nonce echoed when it had one.
   */
  public byte[] sign(
      OcspQuery query, List<CertificateStatus> statuses, Instant thisUpdate, Instant nextUpdate) {
    if (query.outcome() != OcspQuery.Outcome.OURS || query.issuer() != authority.type()) {
      throw new IllegalArgumentException("not a query to the " + authority.type().label() + " CA");
    }
    if (statuses.size() != query.certIds().size()) {
      throw new IllegalArgumentException(
          statuses.size() + " statuses for " + query.certIds().size() + " CertIDs");
    }
    return sign(query.certIds(), statuses, query.nonce(), thisUpdate, nextUpdate);
  }

  private byte[] sign(
      List<CertId> certIds,
      List<CertificateStatus> statuses,
      byte[] nonce,
      Instant thisUpdate,
      Instant nextUpdate) {
    if (!nextUpdate.isAfter(thisUpdate)) {
      throw new IllegalArgumentException(
          "nextUpdate " + nextUpdate + " is not after thisUpdate " + thisUpdate);
    }
    // Whole seconds: GeneralizedTime with fractions is legal here but some clients choke on it.
    Date produced = seconds(thisUpdate);
    Date next = seconds(nextUpdate);
    BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(responderId);
    for (int i = 0; i < certIds.size(); i++) {
      builder.addResponse(
          certificateId(certIds.get(i)), status(statuses.get(i)), produced, next, null);
    }
    if (nonce != null) {
      builder.setResponseExtensions(
          new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, nonce)));
    }
    try {
      ContentSigner signer = new JcaContentSignerBuilder("SHA256withRSA").build(authority.key());
      BasicOCSPResp basic = builder.build(signer, null, produced);
      return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
    } catch (OCSPException | OperatorCreationException | IOException e) {
      throw new IllegalStateException(
          "could not sign an OCSP response with the " + authority.type().label() + " CA", e);
    }
  }

  private static CertificateID certificateId(CertId certId) {
    AlgorithmIdentifier algorithm =
        new AlgorithmIdentifier(
            new ASN1ObjectIdentifier(certId.hash().dottedOid()),
            certId.nullParameters() ? DERNull.INSTANCE : null);
    return new CertificateID(
        new CertID(
            algorithm,
            new DEROctetString(certId.issuerNameHash()),
            new DEROctetString(certId.issuerKeyHash()),
            new ASN1Integer(certId.serial())));
  }

  private static org.bouncycastle.cert.ocsp.CertificateStatus status(CertificateStatus status) {
    return switch (status.kind()) {
      case GOOD -> org.bouncycastle.cert.ocsp.CertificateStatus.GOOD;
      case UNKNOWN -> new UnknownStatus();
      case REVOKED ->
          new RevokedStatus(
              Date.from(status.revokedAt().truncatedTo(ChronoUnit.SECONDS)), status.reason());
    };
  }

  private static Date seconds(Instant instant) {
    return Date.from(instant.truncatedTo(ChronoUnit.SECONDS));
  }
}
