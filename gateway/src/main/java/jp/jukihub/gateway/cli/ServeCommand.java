package jp.jukihub.gateway.cli;

import java.util.concurrent.Callable;
import jp.jukihub.database.Database;
import jp.jukihub.gateway.config.HubOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code hub serve}: runs the hub with the configured database (embedded unless a URL is set). The
 * API speaks mutual TLS: each caller presents its body certificate ({@code hub bodies issue-cert}).
 */
@Command(
    name = "serve",
    description = {
      "Serve the API and ops endpoints on the configured database (embedded by default).",
      "The API speaks mutual TLS: callers present a body certificate (hub bodies issue-cert)."
    })
final class ServeCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin ConfigOption config;

  @Option(
      names = "--dev-identity",
      description =
          "take the calling body from the X-Jukihub-Body header (loopback only; never in production)")
  boolean devIdentity;

  @Override
  public Integer call() throws Exception {
    HubOptions options = config.load();
    Database database = Database.open(options.database());
    return HubRunner.runUntilStopped(
        options, database, devIdentity, spec.commandLine().getErr(), server -> {});
  }
}
