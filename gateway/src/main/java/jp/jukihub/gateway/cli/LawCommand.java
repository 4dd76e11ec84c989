package jp.jukihub.gateway.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import jp.jukihub.gateway.body.Body;
import jp.jukihub.gateway.body.BodyRegistry;
import jp.jukihub.gateway.config.HubOptions;
import jp.jukihub.gateway.law.LawRow;
import jp.jukihub.gateway.law.LawTable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code hub law list [--body B]}: the law table, or the rows one body may use. */
@Command(
    name = "law",
    description = "The law table.",
    subcommands = {LawCommand.ListRows.class})
final class LawCommand extends CommandGroup {
  @Command(
      name = "list",
      description = "Print the law table: row id, table, who, law, affair, scope, keys, fields.")
  static final class ListRows implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ConfigOption config;
    @Mixin BodyFilter filter;

    @Override
    public Integer call() {
      HubOptions options = config.load();
      BodyRegistry bodies = BodyRegistry.load(options.bodiesFile());
      List<LawRow> rows = LawTable.load(options.lawTableFile(), bodies).rows();
      Optional<Body> caller = filter.find(bodies, spec);
      if (caller.isPresent()) {
        rows = rows.stream().filter(row -> row.covers(caller.get())).toList();
      }
      PrintWriter out = spec.commandLine().getOut();
      for (LawRow row : rows) {
        out.printf(
            "%-30s table %d  %-18s %-20s %s%n",
            row.id(), row.table(), row.who(), row.scope().label(), row.law());
        out.printf(
            "%-30s %s; keys %s; releases %s%s%n",
            "",
            row.affair(),
            String.join(", ", row.keys().stream().map(LawRow.LookupKey::label).sorted().toList()),
            String.join(", ", row.fields().stream().sorted().toList()),
            row.residentCode() ? "; resident code (grandfathered)" : "");
      }
      out.printf("%d row(s)%n", rows.size());
      out.flush();
      return 0;
    }
  }
}
