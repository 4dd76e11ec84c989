package jp.jukihub.gateway.portal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import jp.jukihub.gateway.tls.BodyCertificateAuthority;

/**
 * A resident's client of My Portal over real TLS: trusting the hub's body CA (which issued the
 * server certificate), presenting a card in the handshake or none, and carrying a session cookie
 * when it has one.
 */
final class PortalClient {
  private final HttpClient http;
  private final int port;
  private final String cookie;

  private PortalClient(HttpClient http, int port, String cookie) {
    this.http = http;
    this.port = port;
    this.cookie = cookie;
  }

  /** A client that presents {@code card} (null: none) in the TLS handshake. */
  static PortalClient of(Path bodyCa, int port, Card card) throws Exception {
    SSLContext tls = SSLContext.getInstance("TLS");
    KeyManager[] keys = card == null ? null : card.keyManagers();
    tls.init(keys, trusting(bodyCa).getTrustManagers(), null);
    HttpClient http =
        HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
    return new PortalClient(http, port, null);
  }

  /** The same client, sending {@code cookies} (a session's) with each request. */
  PortalClient withCookie(String cookies) {
    return new PortalClient(http, port, cookies);
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String json) throws Exception {
    HttpRequest.Builder request =
        request(path)
            .header("X-Requested-With", "portal")
            .header("Content-Type", "application/json")
            .POST(
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A POST without the portal page's header: what a cross-site form would send. */
  HttpResponse<String> postFromElsewhere(String path) throws Exception {
    return http.send(
        request(path).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .header("Accept", "application/json");
    return cookie == null ? request : request.header("Cookie", cookie);
  }

  private static TrustManagerFactory trusting(Path bodyCa) throws Exception {
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    List<X509Certificate> cas = BodyCertificateAuthority.trustedIn(bodyCa);
    for (int i = 0; i < cas.size(); i++) {
      trusted.setCertificateEntry("ca-" + i, cas.get(i));
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trusted);
    return factory;
  }
}
