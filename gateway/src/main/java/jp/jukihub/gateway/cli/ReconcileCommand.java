package jp.jukihub.gateway.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import jp.jukihub.database.Database;
import jp.jukihub.database.DatabaseRole;
import jp.jukihub.gateway.config.HubOptions;
import jp.jukihub.tiers.Reconciler;
import jp.jukihub.tiers.Reconciler.Divergence;
import jp.jukihub.tiers.Reconciler.Report;
import jp.jukihub.tiers.TierTopology;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code hub reconcile [--fix]}: compares the prefecture and national tiers with the municipal
 * tier, municipality by municipality; with {@code --fix}, repairs what diverges from the municipal
 * tier and checks again. Exit 0 when the tiers agree (at the end), 1 when they do not.
 */
@Command(
    name = "reconcile",
    description =
        "Compare the tiers municipality by municipality (counts, checksums); --fix repairs from the municipal tier.")
final class ReconcileCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin ConfigOption config;

  @Option(
      names = "--fix",
      description = "rewrite diverging municipalities in the prefecture and national tiers")
  boolean fix;

  @Override
  public Integer call() throws Exception {
    HubOptions options = config.load();
    PrintWriter out = spec.commandLine().getOut();
    try (Database database = Database.open(options.database())) {
      // It repairs the tiers as the register's shippers would: with their role's rights only.
      TierTopology topology =
          options.tiers().prepared(database.target(), options.database()).as(DatabaseRole.REGISTER);
      Reconciler reconciler = new Reconciler(topology);
      Report report = reconciler.run(fix);
      print(out, report);
      if (report.divergences().isEmpty()) {
        return 0;
      }
      if (!fix) {
        out.println(
            "run 'hub reconcile --fix' to repair them from the municipal tier"
                + " (changes still being shipped also show here; run again to confirm)");
        out.flush();
        return 1;
      }
      out.printf("repaired %,d rows; checking again%n", report.rowsRepaired());
      Report after = reconciler.run(false);
      print(out, after);
      return after.divergences().isEmpty() ? 0 : 1;
    }
  }

  private static void print(PrintWriter out, Report report) {
    for (Divergence d : report.divergences()) {
      out.printf(
          "DIVERGES  %-10s %s  municipal says %,d rows (checksum %s), tier has %,d rows (checksum %s)%n",
          d.tier(),
          d.lgCode(),
          d.expected().rows(),
          d.expected().checksum(),
          d.actual().rows(),
          d.actual().checksum());
    }
    out.printf(
        "%s: %d municipalities compared, %d divergence(s)%n",
        report.divergences().isEmpty() ? "tiers agree" : "tiers diverge",
        report.municipalitiesCompared(),
        report.divergences().size());
    out.flush();
  }
}
