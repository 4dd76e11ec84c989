package jp.jukihub.gateway.jpki;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/** OCSP requests encoded by BouncyCastle, an encoder independent of the parser under test. */
final class OcspRequests {
  static final AlgorithmIdentifier SHA256 =
      new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256);

  private OcspRequests() {}

  static CertificateID certificateId(X509Certificate issuer, long serial, AlgorithmIdentifier hash)
      throws Exception {
    DigestCalculator digest = new JcaDigestCalculatorProviderBuilder().build().get(hash);
    return new CertificateID(
        digest, new X509CertificateHolder(issuer.getEncoded()), BigInteger.valueOf(serial));
  }

  static CertificateID sha1(X509Certificate issuer, long serial) throws Exception {
    return certificateId(issuer, serial, CertificateID.HASH_SHA1);
  }

  static byte[] request(CertificateID... ids) throws Exception {
    OCSPReqBuilder builder = new OCSPReqBuilder();
    for (CertificateID id : ids) {
      builder.addRequest(id);
    }
    return builder.build().getEncoded();
  }

  static byte[] requestWithNonce(byte[] nonce, CertificateID... ids) throws Exception {
    OCSPReqBuilder builder = new OCSPReqBuilder();
    for (CertificateID id : ids) {
      builder.addRequest(id);
    }
    builder.setRequestExtensions(
        new Extensions(
            new Extension(
                OCSPObjectIdentifiers.id_pkix_ocsp_nonce,
                false,
                new DEROctetString(nonce).getEncoded())));
    return builder.build().getEncoded();
  }
}
