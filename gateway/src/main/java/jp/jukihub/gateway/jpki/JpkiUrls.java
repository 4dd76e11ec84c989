package jp.jukihub.gateway.jpki;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where relying parties fetch revocation information, as issued certificates print it. The issuer
 * writes these URLs into every certificate and the CRL side writes the same CRL URL into its
 * IssuingDistributionPoint, so both build it here. A certificate's shard is fixed at issuance: its
 * URL must never move.
 *
 * @param publicBaseUrl the hub's public address, e.g. "http://127.0.0.1:8080", no trailing slash
 */
public record JpkiUrls(String publicBaseUrl) {
  public JpkiUrls {
    URI uri;
    try {
      uri = new URI(publicBaseUrl == null ? "" : publicBaseUrl);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("JPKI public base URL: not a URL: " + publicBaseUrl, e);
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "JPKI public base URL: must be http(s)://host[:port], got " + publicBaseUrl);
    }
    if (publicBaseUrl.endsWith("/") || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "JPKI public base URL: no trailing slash, query or fragment, got " + publicBaseUrl);
    }
  }

  /** The CRL of {@code type}'s CA that lists certificates of {@code shard}. */
  public String crlDistributionPoint(JpkiAuthority.Type type, int shard) {
    if (shard < 0) {
      throw new IllegalArgumentException("a CRL shard is 0 or more, got " + shard);
    }
    return publicBaseUrl + "/v1/jpki/crl/" + type.label() + "/" + shard;
  }

  /** The OCSP responder for both CAs. */
  public String ocsp() {
    return publicBaseUrl + "/v1/jpki/ocsp";
  }
}
