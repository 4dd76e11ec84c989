package jp.jukihub.gateway.portal;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The portal's TLS asks for a card certificate (naming J-LIS's user-authentication CA, so a browser
 * offers the right one) and takes whatever is presented: the handshake has proven the key, and
 * {@link CardCheck} then judges the certificate, so a revoked, expired or foreign card gets an
 * answer that says why instead of a broken connection.
 */
final class CardRequestingTrust extends X509ExtendedTrustManager {
  private final X509Certificate[] acceptedIssuers;

  CardRequestingTrust(X509Certificate userAuthenticationCa) {
    this.acceptedIssuers = new X509Certificate[] {userAuthenticationCa};
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) {}

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("the portal's trust is for clients only");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    throw new CertificateException("the portal's trust is for clients only");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw new CertificateException("the portal's trust is for clients only");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return acceptedIssuers.clone();
  }
}
