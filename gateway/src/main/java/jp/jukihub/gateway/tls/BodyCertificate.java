package jp.jukihub.gateway.tls;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * How a client certificate names its body: one subject-alternative-name URI {@code
 * urn:jukihub:body:BODY}. The subject's common name carries the same id for people reading the
 * certificate, but only the URI counts: a name type no other certificate use shares cannot be
 * mistaken for a host name or a person.
 */
public final class BodyCertificate {
  public static final String URI_PREFIX = "urn:jukihub:body:";
  // The GeneralName tag of a URI (RFC 5280: uniformResourceIdentifier [6]).
  private static final int URI = 6;

  private BodyCertificate() {}

  public static String uriOf(String bodyId) {
    return URI_PREFIX + bodyId;
  }

  /**
   * The body a certificate names; empty when it names none or more than one. Cheap: the JDK keeps a
   * certificate's extensions decoded, so this reads a few fields and allocates a short list.
   */
  public static Optional<String> bodyId(X509Certificate certificate) {
    Collection<List<?>> names;
    try {
      names = certificate.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      return Optional.empty();
    }
    if (names == null) {
      return Optional.empty();
    }
    List<String> bodies =
        names.stream()
            .filter(name -> name.get(0) instanceof Integer tag && tag == URI)
            .map(name -> String.valueOf(name.get(1)))
            .filter(uri -> uri.startsWith(URI_PREFIX) && uri.length() > URI_PREFIX.length())
            .map(uri -> uri.substring(URI_PREFIX.length()))
            .toList();
    return bodies.size() == 1 ? Optional.of(bodies.get(0)) : Optional.empty();
  }
}
