package jp.jukihub.gateway.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import jp.jukihub.gateway.body.BodyRegistry;
import jp.jukihub.gateway.config.HubOptions;
import jp.jukihub.gateway.tls.BodyCertificateAuthority;
import jp.jukihub.gateway.tls.BodyCrl;
import jp.jukihub.gateway.tls.CertificateRequests;
import jp.jukihub.gateway.tls.IssuedCertificate;
import jp.jukihub.gateway.tls.IssuedLedger;
import jp.jukihub.gateway.tls.Pem;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hub bodies issue-cert BODY} and {@code hub bodies revoke-cert SERIAL|BODY}: a registered
 * body's client certificate from the hub's body CA, and its revocation in the CA's CRL. Both need
 * the CA's key and nothing else of the hub's: they can run where the key is kept offline, the hub
 * itself needing only the CA certificate and the published CRL.
 */
@Command(
    name = "bodies",
    description = "The registered bodies' client certificates.",
    subcommands = {BodiesCommand.IssueCertificate.class, BodiesCommand.RevokeCertificate.class})
final class BodiesCommand extends CommandGroup {
  @Command(
      name = "issue-cert",
      description = {
        "Issue BODY's client certificate from the hub's body CA (created at first need).",
        "With --csr: for the key in the body's certificate request (the key never leaves the",
        "body); writes BODY.crt and ca.crt into DIR. Without: the hub makes the key and also",
        "writes BODY.key (owner-only)."
      })
  static final class IssueCertificate implements Callable<Integer> {
    // A body certificate can outlive a server certificate's rhythm, but not by years.
    private static final int MAX_DAYS = 825;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ConfigOption config;

    @Parameters(paramLabel = "BODY", description = "a registered body's id, e.g. jps or lg-131016")
    String body;

    @Option(
        names = "--out",
        paramLabel = "DIR",
        description = "where to write the files (default: <data.directory>/certs/BODY)")
    Path out;

    @Option(
        names = "--days",
        paramLabel = "N",
        defaultValue = "397",
        description =
            "days the certificate is valid (1-" + MAX_DAYS + "; default ${DEFAULT-VALUE})")
    int days;

    @Option(
        names = "--csr",
        paramLabel = "FILE",
        description =
            "the body's PKCS#10 request (PEM), e.g. from openssl req -new -newkey rsa:2048 -nodes;"
                + " its signature must verify, its subject is ignored")
    Path csr;

    @Override
    public Integer call() {
      if (days < 1 || days > MAX_DAYS) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--days must be 1-" + MAX_DAYS + ", got " + days);
      }
      HubOptions options = config.load();
      if (BodyRegistry.load(options.bodiesFile()).find(body).isEmpty()) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "no registered body is called '" + body + "'");
      }
      Path directory = out != null ? out : options.dataDirectory().resolve("certs").resolve(body);
      Path keyFile = directory.resolve(body + ".key");
      Path certificateFile = directory.resolve(body + ".crt");
      Path caFile = directory.resolve("ca.crt");
      PKCS10CertificationRequest request = csr == null ? null : readRequest(csr);
      for (Path existing :
          csr == null ? new Path[] {keyFile, certificateFile} : new Path[] {certificateFile}) {
        if (Files.exists(existing)) {
          throw new IllegalStateException(
              existing + " exists: move it away first, or choose another --out");
        }
      }
      PrintWriter out = spec.commandLine().getOut();
      boolean newCa = !Files.exists(options.tls().caCertFile());
      BodyCertificateAuthority ca =
          BodyCertificateAuthority.loadOrCreate(options.tls(), Clock.systemUTC());
      if (newCa) {
        out.println(
            "created the body CA: "
                + options.tls().caCertFile()
                + " (key "
                + options.tls().caKeyFile()
                + ")");
      }
      X509Certificate certificate;
      if (request != null) {
        try {
          certificate = ca.issueBodyCertificate(body, request, Duration.ofDays(days));
        } catch (CertificateRequests.Refused e) {
          throw new CommandLine.ParameterException(spec.commandLine(), csr + ": " + explained(e));
        }
        Pem.writePublic(certificateFile, Pem.certificate(certificate));
      } else {
        IssuedCertificate issued = ca.issueBodyCertificate(body, Duration.ofDays(days));
        issued.write(certificateFile, keyFile);
        certificate = issued.certificate();
      }
      new IssuedLedger(options.tls().issuedFile()).record(body, certificate);
      ca.writeTrusted(caFile);
      out.printf(
          "issued %s's client certificate, serial %s, valid until %s%n",
          body, certificate.getSerialNumber().toString(16), certificate.getNotAfter().toInstant());
      if (request == null) {
        out.println(
            "  key          " + keyFile + "  (owner-only; give it to the body, keep no copy)");
      }
      out.println("  certificate  " + certificateFile);
      out.println(
          "  CA           " + caFile + "  (the body checks the hub's server certificate with it)");
      out.flush();
      return 0;
    }

    private PKCS10CertificationRequest readRequest(Path file) {
      try {
        return CertificateRequests.parse(Files.readString(file, StandardCharsets.US_ASCII));
      } catch (IOException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "cannot read " + file + ": " + e.getMessage());
      } catch (CertificateRequests.Refused e) {
        throw new CommandLine.ParameterException(spec.commandLine(), file + ": " + explained(e));
      }
    }

    /** The operator's own file: the parser's words help, and go nowhere else. */
    private static String explained(CertificateRequests.Refused e) {
      return e.getCause() == null
          ? e.getMessage()
          : e.getMessage() + " (" + e.getCause().getMessage() + ")";
    }
  }

  @Command(
      name = "revoke-cert",
      description = {
        "Revoke a body certificate by its serial (hex, as issue-cert printed it), or every",
        "certificate the CA issued to BODY: records it in the body CA's CRL (signed with the CA's",
        "key) next to the CA certificate. A running hub takes the new CRL within a second and",
        "refuses the certificate from its next request on; copy the CRL file there if the CA key",
        "is kept elsewhere."
      })
  static final class RevokeCertificate implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ConfigOption config;

    @Parameters(paramLabel = "SERIAL|BODY", description = "a certificate's serial, or a body's id")
    String target;

    @Override
    public Integer call() {
      HubOptions options = config.load();
      if (!Files.exists(options.tls().caKeyFile())) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "no body CA key at " + options.tls().caKeyFile() + ": run this where the key is");
      }
      List<IssuedLedger.Entry> issued = new IssuedLedger(options.tls().issuedFile()).entries();
      Set<BigInteger> serials = new LinkedHashSet<>();
      issued.stream()
          .filter(entry -> entry.body().equals(target))
          .forEach(entry -> serials.add(entry.serial()));
      if (serials.isEmpty()) {
        if (!SERIAL.matcher(target).matches()) {
          throw new CommandLine.ParameterException(
              spec.commandLine(),
              "'"
                  + target
                  + "' is neither a serial (hex) nor a body the CA issued a certificate to");
        }
        BigInteger serial = new BigInteger(target, 16);
        if (issued.stream().noneMatch(entry -> entry.serial().equals(serial))) {
          spec.commandLine()
              .getErr()
              .println("note: serial " + target + " is not in " + options.tls().issuedFile());
        }
        serials.add(serial);
      }
      BodyCertificateAuthority ca =
          BodyCertificateAuthority.loadOrCreate(options.tls(), Clock.systemUTC());
      BodyCrl crl = ca.revoke(serials, options.tls().crlFile());
      PrintWriter out = spec.commandLine().getOut();
      serials.forEach(serial -> out.println("revoked serial " + serial.toString(16)));
      out.println(
          "CRL "
              + options.tls().crlFile()
              + " now lists "
              + crl.serials().size()
              + " certificate(s); the hub reloads it when it changes");
      out.flush();
      return 0;
    }

    private static final Pattern SERIAL = Pattern.compile("[0-9a-fA-F]{1,40}");
  }
}
