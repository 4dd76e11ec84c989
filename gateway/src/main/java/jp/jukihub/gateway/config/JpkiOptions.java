package jp.jukihub.gateway.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@code jpki} section: the address relying parties reach J-LIS's CRLs and OCSP at (written
 * into each certificate), how the CRLs are split and re-issued, and how pre-signed OCSP answers age
 * how many answers may be signed live at once, and how much heap the answers held in memory may
 * take.
 */
public record JpkiOptions(
    String publicBaseUrl,
    int crlShards,
    int crlCheckSeconds,
    int crlRefreshHours,
    int ocspValidityHours,
    int ocspRefreshHours,
    int ocspLiveInFlight,
    int ocspAnswerMemoryMegabytes,
    Path pairwiseKeyFile) {

  public JpkiOptions {
    try {
      URI uri = URI.create(publicBaseUrl);
      if (!"http".equals(uri.getScheme()) || uri.getHost() == null || publicBaseUrl.endsWith("/")) {
        throw new IllegalArgumentException("not an http URL without a trailing slash");
      }
    } catch (IllegalArgumentException | NullPointerException e) {
      // Relying parties fetch CRLs and OCSP over plain HTTP (RFC 5280, 6960): the answers are
      // signed.
      throw new ConfigException(
          "jpki.publicBaseUrl must be an http:// URL without a trailing slash, got "
              + publicBaseUrl);
    }
    require(crlShards, 1, 256, "jpki.crlShards");
    require(crlCheckSeconds, 1, 60, "jpki.crlCheckSeconds");
    require(crlRefreshHours, 1, 24, "jpki.crlRefreshHours");
    require(ocspValidityHours, 2, 24 * 7, "jpki.ocspValidityHours");
    require(ocspRefreshHours, 1, ocspValidityHours - 1, "jpki.ocspRefreshHours");
    require(ocspLiveInFlight, 1, 4096, "jpki.ocspLiveInFlight");
    require(ocspAnswerMemoryMegabytes, 0, 1 << 20, "jpki.ocspAnswerMemoryMegabytes");
  }

  public Duration crlCheck() {
    return Duration.ofSeconds(crlCheckSeconds);
  }

  public Duration crlRefresh() {
    return Duration.ofHours(crlRefreshHours);
  }

  public Duration ocspValidity() {
    return Duration.ofHours(ocspValidityHours);
  }

  public Duration ocspRefresh() {
    return Duration.ofHours(ocspRefreshHours);
  }

  /** The heap the held pre-signed OCSP answers may take; the store keeps them all. */
  public long ocspAnswerMemoryBytes() {
    return ocspAnswerMemoryMegabytes * 1024L * 1024L;
  }

  public JpkiOptions withOcspAnswerMemoryMegabytes(int megabytes) {
    return new JpkiOptions(
        publicBaseUrl,
        crlShards,
        crlCheckSeconds,
        crlRefreshHours,
        ocspValidityHours,
        ocspRefreshHours,
        ocspLiveInFlight,
        megabytes,
        pairwiseKeyFile);
  }

  public JpkiOptions withPublicBaseUrl(String url) {
    return new JpkiOptions(
        url,
        crlShards,
        crlCheckSeconds,
        crlRefreshHours,
        ocspValidityHours,
        ocspRefreshHours,
        ocspLiveInFlight,
        ocspAnswerMemoryMegabytes,
        pairwiseKeyFile);
  }

  private static void require(int value, int min, int max, String key) {
    if (value < min || value > max) {
      throw new ConfigException(key + " must be " + min + "-" + max + ", got " + value);
    }
  }
}
