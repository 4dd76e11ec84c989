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

  public AuditVerification(AuditKeyRing keys, Progress progress) {
    this.keys = keys;
    this.progress = progress;
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
    try (Connection connection = target.as(DatabaseRole.AUDITOR).dataSource().getConnection()) {
      AuditRows.beginSnapshot(connection);
      Map<String, SeqRange> ranges = whole ? null : AuditRows.seqRanges(connection, from, to);
      Map<String, Long> heads = whole ? AuditRows.heads(connection) : Map.of();
      Map<String, ChainHead> starts = whole ? AuditRows.starts(connection, heads.keySet()) : null;
      Map<String, NavigableMap<Long, Checkpoint>> checkpoints =
          AuditRows.checkpoints(connection, ranges);
      long total = AuditRows.count(connection, from, to);
      Run run = new Run(checkpoints, starts, heads, total);
      progress.phase(String.format("verifying %,d audit records", total));
      AuditRows.stream(connection, from, to, run::accept);
      connection.commit();
      return run.finish();
    }
  }

  /** Verifies an exported month: the manifest's signature and digests, then its chains. */
  public List<ChainReport> export(Path file) throws IOException {
    ExportFiles files = ExportFiles.of(file);
    ExportManifest manifest = ExportManifest.read(files.manifest());
    List<ChainReport> problems = new ArrayList<>();
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
    Run run = new Run(checkpoints, null, lastSeqs, manifest.records());
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
    return new ChainReport(
        "(file " + file.getFileName() + ")",
        0,
        0,
        0,
        0,
        Optional.of(new Finding(0, Finding.Kind.MODIFIED, message)));
  }

  /** One pass over records of any number of chains, in chain order or interleaved. */
  private final class Run {
    private final Map<String, NavigableMap<Long, Checkpoint>> checkpoints;
    private final Map<String, ChainHead> starts;
    private final Map<String, Long> heads;
    private final Map<String, ChainVerifier> chains = new LinkedHashMap<>();
    private final long total;
    private long done;

    Run(
        Map<String, NavigableMap<Long, Checkpoint>> checkpoints,
        Map<String, ChainHead> starts,
        Map<String, Long> heads,
        long total) {
      this.checkpoints = checkpoints;
      this.starts = starts;
      this.heads = heads;
      this.total = total;
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
                  heads.get(c)));
    }

    List<ChainReport> finish() {
      Set<String> all = new HashSet<>(heads.keySet());
      all.addAll(checkpoints.keySet());
      all.forEach(this::verifier);
      progress.advanced(done, Math.max(total, done));
      return chains.values().stream()
          .map(ChainVerifier::finish)
          .sorted(Comparator.comparing(ChainReport::chain))
          .toList();
    }
  }
}
