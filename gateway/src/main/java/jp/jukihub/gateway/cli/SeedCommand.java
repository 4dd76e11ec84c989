package jp.jukihub.gateway.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import jp.jukihub.database.Database;
import jp.jukihub.gateway.config.HubOptions;
import jp.jukihub.jlis.MyNumberGenerator;
import jp.jukihub.keys.KeyFile;
import jp.jukihub.nation.MunicipalityCatalog;
import jp.jukihub.nation.NationGenerator;
import jp.jukihub.nation.NationLoader;
import jp.jukihub.nation.NationOptions;
import jp.jukihub.nation.SeedSummary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code hub seed --residents N [--seed S] [--replace]}: generates and loads a synthetic nation.
 */
@Command(
    name = "seed",
    description = "Generate a synthetic nation and load it into the store (all three tiers).")
final class SeedCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin ConfigOption config;

  @Option(
      names = "--residents",
      required = true,
      paramLabel = "N",
      description = "how many residents")
  long residents;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description = "random seed (default: ${DEFAULT-VALUE})")
  long seed = NationOptions.DEFAULT_SEED;

  @Option(names = "--replace", description = "replace a nation already in the database")
  boolean replace;

  @Override
  public Integer call() throws Exception {
    HubOptions options = config.load();
    NationOptions nation;
    try {
      nation = NationOptions.of(residents, seed);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    PrintWriter err = spec.commandLine().getErr();
    try (Database database = Database.open(options.database())) {
      if (options.tiers().topology(database.target()).databases().size() > 1) {
        // J-LIS's registries of issued codes and numbers would stay in the hub's database while
        // J-LIS issues from another: it could issue a seeded code or number a second time.
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "seeding loads every tier into one database; it cannot seed tiers configured on other servers (tiers.*Url)");
      }
      SeedSummary summary = seed(options, database, nation, replace, err);
      printSummary(spec.commandLine().getOut(), summary);
    }
    return 0;
  }

  static SeedSummary seed(
      HubOptions options,
      Database database,
      NationOptions nation,
      boolean replace,
      PrintWriter err) {
    byte[] key = KeyFile.loadOrCreate(options.jlisNumberKeyFile(), MyNumberGenerator.KEY_BYTES);
    NationLoader loader =
        new NationLoader(database.target(), new NationGenerator(MunicipalityCatalog.load(), key));
    return loader.load(nation, replace, new ConsoleProgress(err));
  }

  static void printSummary(PrintWriter out, SeedSummary s) {
    out.printf(
        "seeded %,d residents in %,d households over %,d municipalities in %.1f s (%,.0f residents/s)%n",
        s.residents(),
        s.households(),
        s.municipalities(),
        s.elapsed().toMillis() / 1000.0,
        s.residentsPerSecond());
    out.printf(
        "women %.1f%%, aged 65+ %.1f%%, aged 0-14 %.1f%%, %.2f per household, %d My Number collisions resolved%n",
        100.0 * s.female() / s.residents(),
        100.0 * s.aged65AndOver() / s.residents(),
        100.0 * s.children0to14() / s.residents(),
        (double) s.residents() / s.households(),
        s.myNumberCollisions());
    out.flush();
  }
}
