package jp.jukihub.gateway.jpki;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.security.cert.X509Certificate;
import java.util.List;
import jp.jukihub.gateway.tls.Pem;

/**
 * {@code GET /v1/jpki/ca}: both JPKI CA certificates, for relying parties to check a card's
 * certificates against. Public information, so not audited; the answer is built once.
 */
public final class JpkiCaResource {
  private final Buffer answer;

  public JpkiCaResource(List<JpkiAuthority> authorities) {
    JsonObject json = new JsonObject();
    for (JpkiAuthority authority : authorities) {
      X509Certificate certificate = authority.certificate();
      json.put(
          authority.type().label(),
          new JsonObject()
              .put("subject", certificate.getSubjectX500Principal().getName())
              .put("serial", certificate.getSerialNumber().toString(16))
              .put("notBefore", certificate.getNotBefore().toInstant().toString())
              .put("notAfter", certificate.getNotAfter().toInstant().toString())
              .put("pem", Pem.certificate(certificate)));
    }
    this.answer = json.toBuffer();
  }

  public void serve(RoutingContext routing) {
    routing.response().putHeader("Content-Type", "application/json").end(answer);
  }
}
