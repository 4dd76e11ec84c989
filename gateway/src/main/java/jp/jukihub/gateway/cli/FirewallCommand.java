package jp.jukihub.gateway.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import jp.jukihub.gateway.body.Body;
import jp.jukihub.gateway.body.BodyRegistry;
import jp.jukihub.gateway.config.HubOptions;
import jp.jukihub.gateway.firewall.FirewallRules;
import jp.jukihub.gateway.firewall.FirewallRules.Decision;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code hub fw explain --body B --method M --path P}: which rule decides such a request, and how.
 */
@Command(
    name = "fw",
    description = "The firewall rules.",
    subcommands = {FirewallCommand.Explain.class})
final class FirewallCommand extends CommandGroup {
  @Command(
      name = "explain",
      description =
          "Print the rule that decides a request from BODY, and whether it is allowed (exit 0) or denied (exit 1).")
  static final class Explain implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ConfigOption config;

    @Option(
        names = "--body",
        required = true,
        paramLabel = "BODY",
        description = "a registered body's id")
    String body;

    @Option(names = "--method", required = true, paramLabel = "M")
    String method;

    @Option(
        names = "--path",
        required = true,
        paramLabel = "P",
        description = "the request path, e.g. /v1/identity/lookup")
    String path;

    @Override
    public Integer call() {
      HubOptions options = config.load();
      BodyRegistry bodies = BodyRegistry.load(options.bodiesFile());
      Body caller =
          bodies
              .find(body)
              .orElseThrow(
                  () ->
                      new CommandLine.ParameterException(
                          spec.commandLine(), "no registered body is called '" + body + "'"));
      if (!path.startsWith("/")) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--path must start with /");
      }
      FirewallRules rules = FirewallRules.load(options.firewallRulesFile(), bodies);
      Decision decision = rules.decide(caller, method.toUpperCase(Locale.ROOT), path);
      PrintWriter out = spec.commandLine().getOut();
      out.printf(
          "%s %s %s from %s (zone %s)%n",
          decision.allowed() ? "ALLOWED" : "DENIED",
          method.toUpperCase(Locale.ROOT),
          path,
          caller.id(),
          caller.zone().label());
      out.println("  by " + decision.describe());
      out.flush();
      return decision.allowed() ? 0 : 1;
    }
  }
}
