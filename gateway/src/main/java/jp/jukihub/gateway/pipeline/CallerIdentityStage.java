package jp.jukihub.gateway.pipeline;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.body.Body;
import jp.jukihub.gateway.body.BodyRegistry;
import jp.jukihub.gateway.tls.BodyCertificate;
import jp.jukihub.gateway.tls.ClientCertificateChecks;

/**
 * Establishes which registered body is calling, and which person there. In production the body is
 * proven by its TLS client certificate from the hub's body CA (mutual TLS), and the {@code
 * X-Jukihub-Body} header is not read at all. Only in development mode, which the hub allows on a
 * literal loopback address with its embedded demo database, and only for requests whose Host is
 * loopback, does that header name the body instead. In both, {@code X-Jukihub-Operator} must name
 * the operator: every audit record says who acted.
 */
public final class CallerIdentityStage implements Stage {
  public static final String DEV_HEADER = "X-Jukihub-Body";
  public static final String OPERATOR_HEADER = "X-Jukihub-Operator";
  // An operator id goes into audit records and logs: a plain token, never free text.
  private static final Pattern OPERATOR = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
  private static final Set<String> LOOPBACK_HOSTS =
      Set.of("127.0.0.1", "[::1]", "::1", "localhost");

  private final BodyRegistry registry;
  private final Optional<ClientCertificateChecks> certificates;

  private CallerIdentityStage(
      BodyRegistry registry, Optional<ClientCertificateChecks> certificates) {
    this.registry = registry;
    this.certificates = certificates;
  }

  /**
   * Production: the body from its client certificate, which must also pass {@code checks} on every
   * request (not expired by the hub's clock, not revoked).
   */
  public static CallerIdentityStage mutualTls(
      BodyRegistry registry, ClientCertificateChecks checks) {
    return new CallerIdentityStage(registry, Optional.of(checks));
  }

  /**
   * Development identity: the body named by {@value #DEV_HEADER}, for requests addressed to
   * loopback only.
   */
  public static CallerIdentityStage development(BodyRegistry registry) {
    return new CallerIdentityStage(registry, Optional.empty());
  }

  @Override
  public String id() {
    return "caller-identity";
  }

  @Override
  public Phase phase() {
    return Phase.CALLER_IDENTITY;
  }

  @Override
  public Future<Void> apply(RequestContext request) {
    HttpServerRequest http = request.routing().request();
    try {
      request.caller(
          certificates.isEmpty()
              ? namedByHeader(http)
              : provenByCertificate(http, certificates.get()));
      request.operator(operator(http));
      return Future.succeededFuture();
    } catch (HubException e) {
      return Future.failedFuture(e);
    }
  }

  // The certificate is parsed on each request rather than cached per connection: the JDK keeps it
  // decoded in the TLS session, so this is a few field reads and one map lookup.
  private Body provenByCertificate(HttpServerRequest http, ClientCertificateChecks checks) {
    X509Certificate certificate = clientCertificate(http.sslSession());
    if (certificate == null) {
      throw new HubException(
          ErrorCode.UNAUTHENTICATED,
          "a client certificate issued by the hub's body CA is required");
    }
    // The handshake checked it once; a connection can stay open past its expiry or revocation.
    checks.check(certificate);
    String id =
        BodyCertificate.bodyId(certificate)
            .orElseThrow(
                () ->
                    new HubException(
                        ErrorCode.UNAUTHENTICATED,
                        "the client certificate names no body (one subject alternative name "
                            + BodyCertificate.URI_PREFIX
                            + "BODY)"));
    return registry
        .find(id)
        .orElseThrow(
            () ->
                new HubException(
                    ErrorCode.UNAUTHENTICATED,
                    "the client certificate's body is not in the registry"));
  }

  /** The client's own certificate from a TLS session, or null: no TLS, or none presented. */
  public static X509Certificate clientCertificate(SSLSession session) {
    if (session == null) {
      return null;
    }
    try {
      Certificate[] chain = session.getPeerCertificates();
      return chain.length > 0 && chain[0] instanceof X509Certificate own ? own : null;
    } catch (SSLPeerUnverifiedException none) {
      return null;
    }
  }

  private Body namedByHeader(HttpServerRequest http) {
    requireLoopbackHost(http);
    String named = http.getHeader(DEV_HEADER);
    if (named == null || named.isBlank()) {
      throw new HubException(
          ErrorCode.UNAUTHENTICATED, "development mode: name the calling body in " + DEV_HEADER);
    }
    return registry
        .find(named.strip())
        .orElseThrow(
            () ->
                new HubException(
                    ErrorCode.UNAUTHENTICATED, DEV_HEADER + " names no registered body"));
  }

  /**
   * A request in development identity must be addressed to loopback (Host 127.0.0.1, [::1] or
   * localhost, with this listener's port): a page elsewhere that makes a browser call the port (DNS
   * rebinding) names its own host, and is refused.
   */
  private static void requireLoopbackHost(HttpServerRequest http) {
    HostAndPort authority = http.authority();
    boolean loopback =
        authority != null
            && LOOPBACK_HOSTS.contains(authority.host().toLowerCase(Locale.ROOT))
            && (authority.port() < 0
                || http.localAddress() == null
                || authority.port() == http.localAddress().port());
    if (!loopback) {
      throw new HubException(
          ErrorCode.UNAUTHENTICATED,
          "development identity: the Host header must name loopback (127.0.0.1, [::1] or"
              + " localhost) and this port");
    }
  }

  private static String operator(HttpServerRequest http) {
    String named = http.getHeader(OPERATOR_HEADER);
    if (named == null || named.isEmpty()) {
      throw new HubException(
          ErrorCode.INVALID_REQUEST,
          OPERATOR_HEADER
              + " is required: it names the person at the calling body, for the audit trail");
    }
    if (!OPERATOR.matcher(named).matches()) {
      throw new HubException(
          ErrorCode.INVALID_REQUEST, OPERATOR_HEADER + " must be 1-64 of A-Z a-z 0-9 . _ @ -");
    }
    if (PersonalNumberShapes.holdsOne(named)) {
      throw new HubException(
          ErrorCode.INVALID_REQUEST,
          OPERATOR_HEADER
              + " must not hold 11 or more digits in a row (also split by - . _): it would carry"
              + " a personal number into the audit trail");
    }
    return named;
  }
}
