package jp.jukihub.gateway.cli;

import picocli.CommandLine;

/** A command that only groups subcommands: run alone, it names them (a usage error, exit 2). */
abstract class CommandGroup implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "name a subcommand: " + String.join(", ", spec.subcommands().keySet()));
  }
}
