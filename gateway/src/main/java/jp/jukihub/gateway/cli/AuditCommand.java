package jp.jukihub.gateway.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import jp.jukihub.audit.AuditExport;
import jp.jukihub.audit.AuditKeyRing;
import jp.jukihub.audit.AuditPrune;
import jp.jukihub.audit.AuditPublicKey;
import jp.jukihub.audit.AuditSigningKey;
import jp.jukihub.audit.AuditVerification;
import jp.jukihub.audit.AuditWitness;
import jp.jukihub.audit.ChainReport;
import jp.jukihub.database.Database;
import jp.jukihub.gateway.config.HubOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hub audit ...}: verify, export, prune and the public key of the audit trail. */
@Command(
    name = "audit",
    description = "Verify, export and prune the audit trail.",
    subcommands = {
      AuditCommand.Verify.class,
      AuditCommand.Export.class,
      AuditCommand.Prune.class,
      AuditCommand.PublicKey.class
    })
final class AuditCommand extends CommandGroup {
  /** Exit 0 when every chain is intact, 1 when any is not (each failure named). */
  @Command(
      name = "verify",
      description =
          "Check the hash chain and signed checkpoints; name the first bad record of each chain.")
  static final class Verify implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ConfigOption config;

    @Option(
        names = "--from",
        paramLabel = "T",
        description = "first instant (ISO-8601, e.g. 2026-11-01T00:00:00Z)")
    String from;

    @Option(names = "--to", paramLabel = "T", description = "instant after the last (exclusive)")
    String to;

    @Option(
        names = "--file",
        paramLabel = "FILE",
        description = "verify an exported month instead of the database (offline)")
    Path file;

    @Option(
        names = "--public-key",
        paramLabel = "HEX",
        description =
            "a trusted public key; repeat it for each instance's key (default: this hub's key file)")
    List<String> publicKeys;

    @Option(
        names = "--witness",
        paramLabel = "FILE",
        description =
            "also check every checkpoint in this witness file (audit.witnessFile): still in the"
                + " trail with the hash it was signed with; catches a trail re-signed with a stolen key")
    Path witness;

    @Override
    public Integer call() throws Exception {
      HubOptions options = config.load();
      AuditKeyRing keys = trustedKeys(options, publicKeys);
      PrintWriter out = spec.commandLine().getOut();
      AuditVerification verification =
          new AuditVerification(keys, new ConsoleProgress(spec.commandLine().getErr()));
      if (witness != null) {
        if (from != null || to != null) {
          throw new CommandLine.ParameterException(
              spec.commandLine(), "--witness checks the whole trail; drop --from/--to");
        }
        verification = verification.withWitness(readWitness(out));
      }
      List<ChainReport> reports;
      if (file != null) {
        if (from != null || to != null) {
          throw new CommandLine.ParameterException(
              spec.commandLine(), "--file verifies a whole exported month; drop --from/--to");
        }
        reports = verification.export(file);
      } else {
        Instant start = instant("--from", from);
        Instant end = instant("--to", to);
        if (start != null && end != null && !start.isBefore(end)) {
          throw new CommandLine.ParameterException(
              spec.commandLine(), "--from must be before --to");
        }
        try (Database database = Database.open(options.database())) {
          reports = verification.database(database.target(), start, end);
        }
      }
      reports.forEach(report -> out.println(report.describe()));
      boolean intact = reports.stream().allMatch(ChainReport::intact);
      out.println(
          intact
              ? "audit trail intact (keys " + keys.ids() + ")"
              : "audit trail FAILED verification");
      out.flush();
      return intact ? 0 : 1;
    }

    private AuditWitness.Reading readWitness(PrintWriter out) {
      AuditWitness.Reading reading;
      try {
        reading = AuditWitness.read(witness);
      } catch (IOException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--witness: " + e.getMessage());
      }
      reading.warnings().forEach(warning -> out.println("warning: " + warning));
      out.printf(
          "witness %s: %,d checkpoints of %d chains%n",
          witness, reading.lines(), reading.chains().size());
      return reading;
    }

    private Instant instant(String option, String value) {
      if (value == null) {
        return null;
      }
      try {
        return Instant.parse(value);
      } catch (DateTimeParseException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            option + " must be an ISO-8601 instant such as 2026-11-01T00:00:00Z");
      }
    }
  }

  /** The keys given on the command line, or else this hub's own. */
  static AuditKeyRing trustedKeys(HubOptions options, List<String> hex) {
    if (hex == null || hex.isEmpty()) {
      return AuditKeyRing.of(AuditPublicKey.fromSigningKeyFile(options.audit().signingKeyFile()));
    }
    try {
      return AuditKeyRing.of(hex.stream().map(AuditPublicKey::parse).toList());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--public-key: " + e.getMessage(), e);
    }
  }

  @Command(
      name = "export",
      description =
          "Write one month (UTC) to backup media: JSON Lines, checkpoints, signed manifest.")
  static final class Export implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ConfigOption config;

    @Option(
        names = "--month",
        required = true,
        paramLabel = "YYYY-MM",
        description = "the month to export")
    String month;

    @Option(
        names = "--out",
        required = true,
        paramLabel = "DIR",
        description = "directory to write into")
    Path out;

    @Option(
        names = "--public-key",
        paramLabel = "HEX",
        description =
            "a trusted public key the month must verify under; repeatable (default: this hub's key)")
    List<String> publicKeys;

    @Override
    public Integer call() throws Exception {
      YearMonth chosen;
      try {
        chosen = YearMonth.parse(month);
      } catch (DateTimeParseException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--month must be YYYY-MM, got " + month);
      }
      HubOptions options = config.load();
      AuditSigningKey key = AuditSigningKey.load(options.audit().signingKeyFile());
      try (Database database = Database.open(options.database())) {
        AuditExport.Summary summary =
            new AuditExport(
                    key,
                    trustedKeys(options, publicKeys),
                    Clock.systemUTC(),
                    new ConsoleProgress(spec.commandLine().getErr()))
                .export(database.target(), chosen, out);
        PrintWriter print = spec.commandLine().getOut();
        print.printf(
            "exported %,d records of %s to %s%n", summary.records(), chosen, summary.recordsFile());
        print.printf(
            "manifest %s (records SHA-256 %s)%n", summary.manifestFile(), summary.recordsSha256());
        print.printf(
            "check it offline: hub audit verify --file %s --public-key %s%n",
            summary.manifestFile(), key.publicKey().hex());
        print.flush();
      }
      return 0;
    }
  }

  @Command(
      name = "prune",
      description =
          "Drop months older than the retention (audit.retentionYears) that were exported.")
  static final class Prune implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ConfigOption config;

    @Option(names = "--dry-run", description = "say what would be dropped, drop nothing")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
      HubOptions options = config.load();
      PrintWriter out = spec.commandLine().getOut();
      try (Database database = Database.open(options.database())) {
        List<AuditPrune.Decision> decisions =
            new AuditPrune(options.audit().retention(), Clock.systemUTC())
                .prune(database.target(), dryRun);
        if (decisions.isEmpty()) {
          out.println("nothing is older than " + options.audit().retentionYears() + " years");
        }
        decisions.forEach(decision -> out.println(decision.describe()));
      }
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "public-key",
      description = "Print the trail's public key, for verifying exports elsewhere.")
  static final class PublicKey implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ConfigOption config;

    @Override
    public Integer call() {
      AuditPublicKey key =
          AuditPublicKey.fromSigningKeyFile(config.load().audit().signingKeyFile());
      spec.commandLine().getOut().println(key.hex() + "  " + key.id());
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
