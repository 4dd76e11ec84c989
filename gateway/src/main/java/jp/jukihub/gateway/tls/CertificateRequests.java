package jp.jukihub.gateway.tls;

import java.io.IOException;
import java.io.StringReader;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * PKCS#10 certification requests (CSRs): the way a key made elsewhere (a body's server, a card's
 * chip) asks for a certificate without leaving home. A request counts only when its own signature
 * verifies with the key it carries: proof that the asker holds that key.
 */
public final class CertificateRequests {
  private CertificateRequests() {}

  /**
   * Thrown for a request that cannot be read, is not signed by its key, or carries a weak key. The
   * message is ours alone (a card's request refused goes back to the client as it is); the parser's
   * own words, which may quote the request, stay in the cause.
   */
  public static final class Refused extends IllegalArgumentException {
    Refused(String message) {
      super(message);
    }

    Refused(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The request in PEM text ({@code BEGIN CERTIFICATE REQUEST}). */
  public static PKCS10CertificationRequest parse(String pem) {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object read = parser.readObject();
      if (read instanceof PKCS10CertificationRequest request) {
        return request;
      }
    } catch (IOException | RuntimeException e) {
      throw new Refused("not a readable PEM certificate request", e);
    }
    throw new Refused("not a PEM certificate request (BEGIN CERTIFICATE REQUEST)");
  }

  /**
   * The request's public key, once its signature proves possession and the key is strong enough
   * (RSA of 2048 bits or more, or EC of 256 bits or more).
   */
  public static PublicKey provenKey(PKCS10CertificationRequest request) {
    PublicKey key;
    try {
      JcaPKCS10CertificationRequest jca = new JcaPKCS10CertificationRequest(request);
      key = jca.getPublicKey();
      if (!request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
        throw new Refused("the request's signature does not verify with its key");
      }
    } catch (OperatorCreationException | PKCSException | java.security.GeneralSecurityException e) {
      throw new Refused("the request's signature cannot be checked", e);
    }
    if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() >= 2048) {
      return key;
    }
    if (key instanceof ECPublicKey ec && ec.getParams().getOrder().bitLength() >= 256) {
      return key;
    }
    throw new Refused("the request's key must be RSA of 2048 bits or more, or EC P-256 or larger");
  }
}
