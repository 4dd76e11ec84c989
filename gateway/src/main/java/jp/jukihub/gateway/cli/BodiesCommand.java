package jp.jukihub.gateway.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import jp.jukihub.gateway.body.BodyRegistry;
import jp.jukihub.gateway.config.HubOptions;
import jp.jukihub.gateway.tls.BodyCertificateAuthority;
import jp.jukihub.gateway.tls.IssuedCertificate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hub bodies issue-cert BODY}: a registered body's client certificate from the hub's body
 * CA.
 */
@Command(
    name = "bodies",
    description = "The registered bodies' client certificates.",
    subcommands = {BodiesCommand.IssueCertificate.class})
final class BodiesCommand extends CommandGroup {
  @Command(
      name = "issue-cert",
      description = {
        "Issue BODY's client certificate from the hub's body CA (created at first need):",
        "writes BODY.key (owner-only), BODY.crt and the CA's ca.crt into DIR."
      })
  static final class IssueCertificate implements Callable<Integer> {
    // A body certificate can outlive a server certificate's rhythm, but not by years: no revocation
    // yet.
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
      for (Path existing : new Path[] {keyFile, certificateFile}) {
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
      IssuedCertificate issued = ca.issueBodyCertificate(body, Duration.ofDays(days));
      issued.write(certificateFile, keyFile);
      ca.writeTrusted(caFile);
      out.printf(
          "issued %s's client certificate, serial %s, valid until %s%n",
          body,
          issued.certificate().getSerialNumber().toString(16),
          issued.certificate().getNotAfter().toInstant());
      out.println(
          "  key          " + keyFile + "  (owner-only; give it to the body, keep no copy)");
      out.println("  certificate  " + certificateFile);
      out.println(
          "  CA           " + caFile + "  (the body checks the hub's server certificate with it)");
      out.flush();
      return 0;
    }
  }
}
