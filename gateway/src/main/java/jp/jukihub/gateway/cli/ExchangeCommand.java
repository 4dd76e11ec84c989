package jp.jukihub.gateway.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import jp.jukihub.gateway.body.BodyRegistry;
import jp.jukihub.gateway.config.HubOptions;
import jp.jukihub.gateway.provision.DataStandard;
import jp.jukihub.gateway.provision.ExchangeRow;
import jp.jukihub.gateway.provision.ExchangeTable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code hub exchange list [--body B]}: the table of lawful exchanges, or one requester's rows. */
@Command(
    name = "exchange",
    description = "The table of lawful exchanges (information provision).",
    subcommands = {ExchangeCommand.ListRows.class})
final class ExchangeCommand extends CommandGroup {
  @Command(
      name = "list",
      description =
          "Print the table of lawful exchanges: each affair, its citation, its requester, and what"
              + " it may ask whom; --body: the affairs that body may use as requester.")
  static final class ListRows implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ConfigOption config;
    @Mixin BodyFilter filter;

    @Override
    public Integer call() {
      HubOptions options = config.load();
      BodyRegistry bodies = BodyRegistry.load(options.bodiesFile());
      DataStandard standard = DataStandard.load();
      ExchangeTable table = ExchangeTable.load(options.exchangeTableFile(), bodies, standard);
      List<ExchangeRow> rows = filter.find(bodies, spec).map(table::rowsFor).orElseGet(table::rows);
      PrintWriter out = spec.commandLine().getOut();
      for (ExchangeRow row : rows) {
        out.printf("%s  %s%n", row.id(), row.row());
        out.printf("  requester  %s (%s)%n", row.who(), row.requesterName());
        out.printf("  affair     %s: %s%n", row.law(), row.affair());
        out.printf("  source     %s%n", row.source());
        String label = "  may ask  ";
        for (ExchangeRow.Provision provision : row.provides()) {
          out.printf(
              "%s  %s (%s) for %s (%s)%n",
              label,
              provision.provider().label(),
              provision.providerName(),
              provision.item(),
              standard.name(provision.item()).orElse("?"));
          label = " ".repeat(label.length());
        }
      }
      out.printf("%d affair(s)%n", rows.size());
      out.flush();
      return 0;
    }
  }
}
