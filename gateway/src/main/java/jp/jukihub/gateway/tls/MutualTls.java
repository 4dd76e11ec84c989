package jp.jukihub.gateway.tls;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import jp.jukihub.gateway.config.ConfigException;
import jp.jukihub.gateway.config.HubOptions;
import jp.jukihub.gateway.config.TlsOptions;

/**
 * The API's TLS in production: the hub's server certificate, and the body CA whose client
 * certificate every caller must present ({@link ClientAuth#REQUIRED}: without one the handshake
 * fails, before any HTTP is read). Prepared once at start-up from files; each API verticle applies
 * it to its server.
 */
public final class MutualTls {
  // A self-issued server certificate is renewed at start once it has less than this left.
  private static final Duration RENEW_BEFORE = Duration.ofDays(30);

  private final Buffer certificate;
  private final Buffer key;
  private final List<X509Certificate> trusted;
  private final X509Certificate server;
  private final Optional<BodyCrl> crl;
  private final ClientCertificateChecks checks;

  private MutualTls(
      Buffer certificate,
      Buffer key,
      List<X509Certificate> trusted,
      X509Certificate server,
      TlsOptions tls,
      Clock clock) {
    this.certificate = certificate;
    this.key = key;
    this.trusted = List.copyOf(trusted);
    this.server = server;
    this.crl = BodyCrl.read(tls.crlFile(), trusted);
    this.checks = new ClientCertificateChecks(clock, tls.crlFile(), trusted, crl);
  }

  /**
   * Reads, or creates at first need, the body CA and the server certificate. Blocks (file I/O, key
   * generation): call it from the starting thread, not an event loop.
   */
  public static MutualTls prepare(TlsOptions tls, HubOptions.Listener http, Clock clock) {
    if (!tls.selfIssued()) {
      // The operator's server certificate: the hub needs only the CA's certificate, so its key can
      // stay wherever body certificates are issued.
      List<X509Certificate> trusted =
          Files.exists(tls.caCertFile())
              ? BodyCertificateAuthority.trustedIn(tls.caCertFile())
              : BodyCertificateAuthority.loadOrCreate(tls.caKeyFile(), tls.caCertFile(), clock)
                  .trusted();
      Pem.readPrivateKey(tls.keyFile()); // fails here, naming the file, rather than inside Vert.x
      return new MutualTls(
          read(tls.certFile()),
          read(tls.keyFile()),
          trusted,
          Pem.readCertificates(tls.certFile()).get(0),
          tls,
          clock);
    }
    BodyCertificateAuthority ca =
        BodyCertificateAuthority.loadOrCreate(tls.caKeyFile(), tls.caCertFile(), clock);
    List<String> names = serverNames(http, tls.serverNames());
    if (!usable(ca, tls.certFile(), tls.keyFile(), names, clock.instant())) {
      ca.issueServerCertificate(names, BodyCertificateAuthority.DEFAULT_VALIDITY)
          .write(tls.certFile(), tls.keyFile());
    }
    return new MutualTls(
        read(tls.certFile()),
        read(tls.keyFile()),
        ca.trusted(),
        Pem.readCertificates(tls.certFile()).get(0),
        tls,
        clock);
  }

  /** Sets TLS with required client certificates from the body CA on {@code options}. */
  public HttpServerOptions applyTo(HttpServerOptions options) {
    PemTrustOptions trust = new PemTrustOptions();
    trusted.forEach(ca -> trust.addCertValue(Buffer.buffer(Pem.certificate(ca))));
    // The handshake refuses what the CRL holds (a list published later is put in by follow()); the
    // per-request checks (checks()) cover connections opened before it.
    crl.ifPresent(list -> options.addCrlValue(Buffer.buffer(list.pem())));
    return options
        .setSsl(true)
        .setKeyCertOptions(new PemKeyCertOptions().setCertValue(certificate).setKeyValue(key))
        .setTrustOptions(trust)
        .setClientAuth(ClientAuth.REQUIRED);
  }

  /**
   * Keeps {@code server}'s handshake on the newest CRL: each new list the checks take is put into
   * its TLS options ({@code updateSSLOptions}), so new connections are refused in the handshake
   * too. {@code applied} is the TLS part of the options {@link #applyTo} gave the server.
   */
  public void follow(HttpServer server, ServerSSLOptions applied) {
    checks.onNewCrl(
        list -> {
          ServerSSLOptions next = applied.copy();
          next.getCrlValues().clear();
          next.getCrlPaths().clear();
          next.addCrlValue(Buffer.buffer(list.pem()));
          server.updateSSLOptions(next);
        });
  }

  /** The per-request checks of a client certificate: expiry by the hub's clock, revocation. */
  public ClientCertificateChecks checks() {
    return checks;
  }

  /**
   * Sets TLS with the hub's server certificate only, for a listener whose clients are not bodies
   * (My Portal's residents, whose cards it checks itself).
   */
  public HttpServerOptions applyServerCertificateTo(HttpServerOptions options) {
    return options
        .setSsl(true)
        .setKeyCertOptions(new PemKeyCertOptions().setCertValue(certificate).setKeyValue(key));
  }

  /** One line for the start-up log: which server certificate, which CA, until when. */
  public String describe() {
    return "server certificate "
        + server.getSubjectX500Principal().getName()
        + " (until "
        + server.getNotAfter().toInstant()
        + "); client certificates from "
        + trusted.get(0).getSubjectX500Principal().getName()
        + (trusted.size() > 1 ? " and " + (trusted.size() - 1) + " earlier CA(s)" : "")
        + crl.map(list -> "; " + list.serials().size() + " revoked").orElse("; no CRL yet");
  }

  /**
   * The names the self-issued certificate covers: the listening host (or, listening on every
   * address, this machine's name), loopback, and {@code tls.serverNames}.
   */
  static List<String> serverNames(HubOptions.Listener http, List<String> configured) {
    Set<String> names = new LinkedHashSet<>();
    names.add(isWildcard(http.host()) ? localHostName() : http.host());
    names.addAll(List.of("localhost", "127.0.0.1"));
    names.addAll(configured);
    return new ArrayList<>(names);
  }

  /**
   * Whether the self-issued certificate on disk can serve on: this CA's, not expiring soon, naming
   * every name.
   */
  private static boolean usable(
      BodyCertificateAuthority ca,
      Path certificateFile,
      Path keyFile,
      List<String> names,
      Instant now) {
    if (!Files.exists(certificateFile) || !Files.exists(keyFile)) {
      return false;
    }
    X509Certificate certificate = Pem.readCertificates(certificateFile).get(0);
    return ca.issued(certificate)
        && certificate.getNotAfter().toInstant().isAfter(now.plus(RENEW_BEFORE))
        && namesOf(certificate).containsAll(names.stream().map(MutualTls::canonical).toList());
  }

  private static Set<String> namesOf(X509Certificate certificate) {
    Set<String> names = new LinkedHashSet<>();
    try {
      if (certificate.getSubjectAlternativeNames() != null) {
        certificate
            .getSubjectAlternativeNames()
            .forEach(name -> names.add(canonical(String.valueOf(name.get(1)))));
      }
    } catch (CertificateParsingException e) {
      return Set.of();
    }
    return names;
  }

  // One spelling per name: DNS names in lower case, IP addresses as the JDK writes them (it spells
  // a certificate's IPv6 addresses in full, 0:0:0:0:0:0:0:1 for ::1).
  private static String canonical(String name) {
    if (!BodyCertificateAuthority.isIpAddress(name)) {
      return name.toLowerCase(Locale.ROOT);
    }
    try {
      return InetAddress.getByName(name).getHostAddress(); // a literal: no lookup
    } catch (UnknownHostException e) {
      return name;
    }
  }

  private static boolean isWildcard(String host) {
    return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
  }

  private static String localHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  private static Buffer read(Path file) {
    try {
      return Buffer.buffer(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new ConfigException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
