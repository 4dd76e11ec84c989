package jp.jukihub.gateway.cli;

import java.util.Optional;
import jp.jukihub.gateway.body.Body;
import jp.jukihub.gateway.body.BodyRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --body B} for the commands that print a table: only the rows one registered body uses. */
final class BodyFilter {
  @Option(
      names = "--body",
      paramLabel = "BODY",
      description = "only the rows this registered body may use")
  String body;

  /** The body named, if one was; an unknown one is a usage error (exit 2). */
  Optional<Body> find(BodyRegistry bodies, CommandLine.Model.CommandSpec spec) {
    if (body == null) {
      return Optional.empty();
    }
    return Optional.of(
        bodies
            .find(body)
            .orElseThrow(
                () ->
                    new CommandLine.ParameterException(
                        spec.commandLine(), "no registered body is called '" + body + "'")));
  }
}
