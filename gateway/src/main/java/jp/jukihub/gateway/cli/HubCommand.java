package jp.jukihub.gateway.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./hub}'s Java side: one command per job. Usage errors exit 2, failed checks 1, success 0.
 * ({@code ./hub test} is run by the script itself: it builds and runs the suites with Maven.)
 */
@Command(
    name = "hub",
    mixinStandardHelpOptions = false,
    description = "Juki Hub: identity lookups, revocation checks and information provision.",
    subcommands = {
      DemoCommand.class,
      ServeCommand.class,
      SeedCommand.class,
      SampleCommand.class,
      CheckCommand.class,
      AuditCommand.class,
      ReconcileCommand.class,
      FirewallCommand.class,
      LawCommand.class,
      ExchangeCommand.class,
      BodiesCommand.class,
      CardCommand.class,
      CommandLine.HelpCommand.class
    })
public final class HubCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(
        execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs one command line; returns its exit code (tests call this directly). */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine line = new CommandLine(new HubCommand());
    line.setOut(out);
    line.setErr(err);
    line.setExecutionExceptionHandler(
        (failure, command, parsed) -> {
          command.getErr().println("error: " + failure.getMessage());
          return 1;
        });
    return line.execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command (see 'hub help')");
  }
}
