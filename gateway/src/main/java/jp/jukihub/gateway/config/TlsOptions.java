package jp.jukihub.gateway.config;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code tls} section: the API's mutual TLS in production (dev identity serves plain HTTP on
 * loopback instead). The body CA issues every body's client certificate; the API's server
 * certificate is the operator's ({@code certFile} and {@code keyFile}) or, when both are left out,
 * one the hub issues itself from the body CA into {@code certFile}/{@code keyFile}'s default
 * places.
 */
public record TlsOptions(
    Path caCertFile,
    Path caKeyFile,
    Path certFile,
    Path keyFile,
    boolean selfIssued,
    List<String> serverNames) {
  // A DNS name or an IP address: what a subject alternative name can hold. No wildcards.
  private static final Pattern SERVER_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.:-]{0,252})?");

  public TlsOptions {
    serverNames = List.copyOf(serverNames);
    for (String name : serverNames) {
      if (!SERVER_NAME.matcher(name).matches()) {
        throw new ConfigException(
            "tls.serverNames: '" + name + "' is not a DNS name or an IP address");
      }
    }
  }

  /**
   * The body CA's revocation list, beside its certificate ({@code body-ca.crt} → {@code
   * body-ca.crl}): written by {@code hub bodies revoke-cert}, read by the hub.
   */
  public Path crlFile() {
    return sibling(".crl");
  }

  /** The body CA's record of what it issued, beside its certificate ({@code body-ca.issued}). */
  public Path issuedFile() {
    return sibling(".issued");
  }

  private Path sibling(String extension) {
    String name = caCertFile.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return caCertFile.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + extension);
  }
}
