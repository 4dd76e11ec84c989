package jp.jukihub.gateway.pipeline;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.regex.Pattern;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.body.Body;
import jp.jukihub.gateway.body.BodyRegistry;
import jp.jukihub.gateway.tls.BodyCertificate;

/**
 * Establishes which registered body is calling, and which person there. In production the body is
 * proven by its TLS client certificate from the hub's body CA (mutual TLS), and the {@code
 * X-Jukihub-Body} header is not read at all. Only in development mode, which the hub allows on
 * loopback only, does that header name the body instead. In both, {@code X-Jukihub-Operator} must
 * name the operator: every audit record says who acted.
 */
public final class CallerIdentityStage implements Stage {
  public static final String DEV_HEADER = "X-Jukihub-Body";
  public static final String OPERATOR_HEADER = "X-Jukihub-Operator";
  // An operator id goes into audit records and logs: a plain token, never free text.
  private static final Pattern OPERATOR = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

  private final BodyRegistry registry;
  private final boolean devIdentity;

  public CallerIdentityStage(BodyRegistry registry, boolean devIdentity) {
    this.registry = registry;
    this.devIdentity = devIdentity;
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
      request.caller(devIdentity ? namedByHeader(http) : provenByCertificate(http));
      request.operator(operator(http));
      return Future.succeededFuture();
    } catch (HubException e) {
      return Future.failedFuture(e);
    }
  }

  // The certificate is parsed on each request rather than cached per connection: the JDK keeps it
  // decoded in the TLS session, so this is a few field reads and one map lookup.
  private Body provenByCertificate(HttpServerRequest http) {
    X509Certificate certificate = clientCertificate(http.sslSession());
    if (certificate == null) {
      throw new HubException(
          ErrorCode.UNAUTHENTICATED,
          "a client certificate issued by the hub's body CA is required");
    }
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

  private static X509Certificate clientCertificate(SSLSession session) {
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
    return named;
  }
}
