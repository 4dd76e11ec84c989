package jp.jukihub.gateway.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import jp.jukihub.database.Database;
import jp.jukihub.nation.ResidentSampler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hub sample --count N [--prefecture PP]}: random existing My Numbers for load tests. */
@Command(
    name = "sample",
    description = "Print N random existing My Numbers, one per line with their municipality code.")
final class SampleCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin ConfigOption config;

  @Option(
      names = "--count",
      required = true,
      paramLabel = "N",
      description = "how many (1-1000000)")
  int count;

  @Option(names = "--prefecture", paramLabel = "PP", description = "only this prefecture (01-47)")
  String prefecture;

  @Override
  public Integer call() throws Exception {
    if (count < 1 || count > 1_000_000) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--count must be 1-1000000");
    }
    if (prefecture != null && !isPrefectureCode(prefecture)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--prefecture must be 01-47");
    }
    try (Database database = Database.open(config.load().database())) {
      var samples = new ResidentSampler(database.target()).sample(count, prefecture);
      PrintWriter out = spec.commandLine().getOut();
      samples.forEach(sample -> out.println(sample.myNumber() + " " + sample.lgCode()));
      out.flush();
      if (samples.isEmpty()) {
        spec.commandLine()
            .getErr()
            .println("no residents found: run './hub seed --residents N' first");
        return 1;
      }
    }
    return 0;
  }

  private static boolean isPrefectureCode(String text) {
    if (!text.matches("\\d{2}")) {
      return false;
    }
    int code = Integer.parseInt(text);
    return code >= 1 && code <= 47;
  }
}
