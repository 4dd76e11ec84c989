package jp.jukihub.bench;

import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import jp.jukihub.gateway.tls.Pem;

/**
 * A body's client certificate as {@code hub bodies issue-cert BODY --out DIR} writes it (BODY.key,
 * BODY.crt, ca.crt): TLS that presents it and trusts only the hub's body CA, for mutual TLS to a
 * node directly or through a balancer that passes TLS through.
 */
public final class BodyCertificate {
  private static final char[] PASSWORD = "in-memory".toCharArray();

  private BodyCertificate() {}

  public static SSLContext tls(Path directory, String body) throws Exception {
    KeyStore own = KeyStore.getInstance("PKCS12");
    own.load(null, null);
    own.setKeyEntry(
        "body",
        Pem.readPrivateKey(directory.resolve(body + ".key")),
        PASSWORD,
        Pem.readCertificates(directory.resolve(body + ".crt")).toArray(new Certificate[0]));
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(own, PASSWORD);
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    List<X509Certificate> cas = Pem.readCertificates(directory.resolve("ca.crt"));
    for (int i = 0; i < cas.size(); i++) {
      trusted.setCertificateEntry("body-ca-" + i, cas.get(i));
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
    return tls;
  }
}
