package jp.jukihub.audit;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import jp.jukihub.database.DatabaseRole;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.progress.Progress;

/**
 * {@code hub audit verify}: checks the trail in the database (whole, or a time range) or an
 * exported month on backup media, and reports per chain the first record where the evidence breaks.
 */
public final class AuditVerification {
  private final AuditKeyRing keys;
  private final Progress progress;
  private final AuditWitness.Reading witness;

  public AuditVerification(AuditKeyRing keys, Progress progress) {
    this(keys, progress, AuditWitness.Reading.NONE);
  }

  private AuditVerification(AuditKeyRing keys, Progress progress, AuditWitness.Reading witness) {
    this.keys = keys;
    this.progress = progress;
    this.witness = witness;
  }

  /**
   * The same verification, also checking every checkpoint the witness file holds: still in the
   * trail, with the hash it was signed with, and the chain verifying through it. Catches a trail
   * rewritten and re-signed with a stolen key, which the trail's own checkpoints cannot.
   */
  public AuditVerification withWitness(AuditWitness.Reading witness) {
    return new AuditVerification(keys, progress, witness);
  }

  public AuditVerification(AuditPublicKey key, Progress progress) {
    this(AuditKeyRing.of(key), progress);
  }

  /**
   * Verifies the stored trail. Without a range every chain is checked from its start (genesis, or
   * the anchor a prune left) to its head; with one, the records in it are checked against each
   * other and the checkpoints inside it.
   */
  public List<ChainReport> database(DatabaseTarget target, Instant from, Instant to)
      throws SQLException {
    boolean whole = from == null && to == null;
    if (!whole && witness != AuditWitness.Reading.NONE) {
      throw new IllegalArgumentException(
          "a witness is checked against the whole trail: drop --from/--to");
    }
    try (Connection connection = target.as(DatabaseRole.AUDITOR).dataSource().getConnection()) {
      AuditRows.beginSnapshot(connection);
      Map<String, SeqRange> ranges = whole ? null : AuditRows.seqRanges(connection, from, to);
      Map<String, Long> heads = whole ? AuditRows.heads(connection) : Map.of();
      Map<String, ChainHead> starts = whole ? AuditRows.starts(connection, heads.keySet()) : null;
      Map<String, NavigableMap<Long, Checkpoint>> checkpoints =
          AuditRows.checkpoints(connection, ranges);
      long total = AuditRows.count(connection, from, to);
      Run run = new Run(checkpoints, starts, heads, total, whole);
      progress.phase(String.format("verifying %,d audit records", total));
      AuditRows.stream(connection, from, to, run::accept);
      connection.commit();
      List<ChainReport> reports = new ArrayList<>(witnessProblems());
      reports.addAll(run.finish());
      return reports;
    }
  }

  /** Verifies an exported month: the manifest's signature and digests, then its chains. */
  public List<ChainReport> export(Path file) throws IOException {
    ExportFiles files = ExportFiles.of(file);
    ExportManifest manifest = ExportManifest.read(files.manifest());
    List<ChainReport> problems = new ArrayList<>(witnessProblems());
    if (!manifest.signedBy(keys)) {
      problems.add(
          fileProblem(
              files.manifest(),
              "the manifest carries no valid signature of a trusted key (" + keys.ids() + ")"));
    }
    if (!manifest.recordsSha256().equals(ExportFiles.sha256(files.records()))) {
      problems.add(
          fileProblem(files.records(), "the records file differs from the one exported (SHA-256)"));
    }
    if (!manifest.checkpointsSha256().equals(ExportFiles.sha256(files.checkpoints()))) {
      problems.add(
          fileProblem(
              files.checkpoints(), "the checkpoints file differs from the one exported (SHA-256)"));
    }
    Map<String, NavigableMap<Long, Checkpoint>> checkpoints = new HashMap<>();
    try (BufferedReader lines =
        Files.newBufferedReader(files.checkpoints(), StandardCharsets.UTF_8)) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        Checkpoint checkpoint = AuditJson.checkpoint(new JsonObject(line));
        checkpoints
            .computeIfAbsent(checkpoint.chain(), c -> new TreeMap<>())
            .put(checkpoint.seq(), checkpoint);
      }
    }
    Map<String, Long> lastSeqs = new HashMap<>();
    manifest.chains().forEach((chain, range) -> lastSeqs.put(chain, range.last()));
    Run run = new Run(checkpoints, null, lastSeqs, manifest.records(), false);
    progress.phase(String.format("verifying %,d exported audit records", manifest.records()));
    try (BufferedReader lines = Files.newBufferedReader(files.records(), StandardCharsets.UTF_8)) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        run.accept(AuditJson.record(new JsonObject(line)));
      }
    } catch (RuntimeException e) {
      problems.add(fileProblem(files.records(), "unreadable record line: " + e.getMessage()));
      return problems;
    }
    problems.addAll(run.finish());
    return problems;
  }

  private static ChainReport fileProblem(Path file, String message) {
    return fileProblem(file, Finding.Kind.MODIFIED, 0, message);
  }

  private static ChainReport fileProblem(Path file, Finding.Kind kind, long seq, String message) {
    return new ChainReport(
        "(file " + file.getFileName() + ")",
        0,
        0,
        0,
        0,
        Optional.of(new Finding(seq, kind, message)));
  }

  /**
   * A witness line that no trusted key signed proves nothing and was not written by a hub: the
   * witness file itself was tampered with (or a key is missing from --public-key).
   */
  private List<ChainReport> witnessProblems() {
    for (NavigableMap<Long, List<AuditWitness.Line>> seqs : witness.chains().values()) {
      for (List<AuditWitness.Line> lines : seqs.values()) {
        for (AuditWitness.Line line : lines) {
          if (!keys.verifies(line.checkpoint())) {
            return List.of(
                fileProblem(
                    witness.file(),
                    Finding.Kind.FORGED_CHECKPOINT,
                    line.checkpoint().seq(),
                    "the witnessed checkpoint at "
                        + line.describe()
                        + " carries no valid signature of a trusted key ("
                        + keys.ids()
                        + ")"));
          }
        }
      }
    }
    return List.of();
  }

  /** One pass over records of any number of chains, in chain order or interleaved. */
  private final class Run {
    private final Map<String, NavigableMap<Long, Checkpoint>> checkpoints;
    private final Map<String, ChainHead> starts;
    private final Map<String, Long> heads;
    private final Map<String, ChainVerifier> chains = new LinkedHashMap<>();
    private final long total;
    // The whole trail to each head: a chain the witness names must exist and reach its records.
    private final boolean throughHead;
    private long done;

    Run(
        Map<String, NavigableMap<Long, Checkpoint>> checkpoints,
        Map<String, ChainHead> starts,
        Map<String, Long> heads,
        long total,
        boolean throughHead) {
      this.checkpoints = checkpoints;
      this.starts = starts;
      this.heads = heads;
      this.total = total;
      this.throughHead = throughHead;
    }

    void accept(ChainedRecord record) {
      verifier(record.chain()).accept(record);
      if (++done % 4096 == 0) {
        progress.advanced(done, Math.max(total, done));
      }
    }

    private ChainVerifier verifier(String chain) {
      return chains.computeIfAbsent(
          chain,
          c ->
              new ChainVerifier(
                  c,
                  starts == null ? null : starts.getOrDefault(c, ChainHead.EMPTY),
                  checkpoints.getOrDefault(c, new TreeMap<>()),
                  keys,
                  heads.get(c),
                  new WitnessCheck(witness.of(c), throughHead)));
    }

    List<ChainReport> finish() {
      Set<String> all = new HashSet<>(heads.keySet());
      all.addAll(checkpoints.keySet());
      if (throughHead) {
        all.addAll(witness.chains().keySet());
      }
      all.forEach(this::verifier);
      progress.advanced(done, Math.max(total, done));
      return chains.values().stream()
          .map(ChainVerifier::finish)
          .sorted(Comparator.comparing(ChainReport::chain))
          .toList();
    }
  }
}
