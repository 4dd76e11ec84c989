package jp.jukihub.audit;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.progress.Progress;

/**
 * {@code hub audit export}: writes one month of the trail to backup media as JSON Lines, with the
 * checkpoints covering it and a signed manifest, and records the export so prune may later drop
 * the month.
 */
public final class AuditExport {
  private final AuditSigningKey key;
  private final AuditKeyRing trusted;
  private final Clock clock;
  private final Progress progress;

  /**
   * @param key signs the manifest
   * @param trusted the keys the month's checkpoints must verify under before anything is exported
   */
  public AuditExport(AuditSigningKey key, AuditKeyRing trusted, Clock clock, Progress progress) {
    this.key = key;
    this.trusted = trusted;
    this.clock = clock;
    this.progress = progress;
  }

  public record Summary(long records, Path recordsFile, Path manifestFile, String recordsSha256) {}

  public Summary export(DatabaseTarget target, YearMonth month, Path directory) throws IOException, SQLException {
    Files.createDirectories(directory);
    ExportFiles files = ExportFiles.in(directory, month);
    Instant from = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    Instant to = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    // Never sign what does not verify: an export would make tampered records look genuine.
    for (ChainReport report : new AuditVerification(trusted, progress).database(target, from, to)) {
      if (!report.intact()) {
        throw new IllegalStateException(month + " does not verify, nothing exported: " + report.describe());
      }
    }
    try (Connection connection = target.dataSource().getConnection()) {
      AuditRows.beginSnapshot(connection);
      long total = AuditRows.count(connection, from, to);
      Map<String, long[]> chains = new TreeMap<>(AuditRows.seqRanges(connection, from, to));
      progress.phase(String.format("exporting %,d audit records of %s", total, month));
      long[] written = {0};
      try (BufferedWriter out = Files.newBufferedWriter(files.records(), StandardCharsets.UTF_8)) {
        AuditRows.stream(
            connection, from, to,
            record -> {
              try {
                out.write(AuditJson.record(record).encode());
                out.write('\n');
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              if (++written[0] % 4096 == 0) {
                progress.advanced(written[0], Math.max(total, written[0]));
              }
            });
      }
      progress.advanced(written[0], Math.max(total, written[0]));
      try (BufferedWriter out = Files.newBufferedWriter(files.checkpoints(), StandardCharsets.UTF_8)) {
        for (NavigableMap<Long, Checkpoint> checkpoints : AuditRows.checkpoints(connection, chains).values()) {
          for (Checkpoint checkpoint : checkpoints.values()) {
            out.write(AuditJson.checkpoint(checkpoint).encode());
            out.write('\n');
          }
        }
      }
      String recordsSha256 = ExportFiles.sha256(files.records());
      ExportManifest manifest =
          new ExportManifest(
                  month, written[0], chains, recordsSha256, ExportFiles.sha256(files.checkpoints()),
                  clock.instant(), key.publicKey().id(), new byte[0])
              .signed(key);
      manifest.write(files.manifest());
      connection.commit();
      connection.setReadOnly(false);
      connection.setAutoCommit(true);
      try (PreparedStatement record =
          connection.prepareStatement(
              "INSERT INTO audit.export (month, records, digest, location) VALUES (?, ?, ?, ?)"
                  + " ON CONFLICT (month) DO UPDATE SET records = excluded.records, digest = excluded.digest,"
                  + " location = excluded.location, exported_at = now()")) {
        record.setObject(1, month.atDay(1));
        record.setLong(2, written[0]);
        record.setString(3, recordsSha256);
        record.setString(4, files.records().toAbsolutePath().toString());
        record.executeUpdate();
      }
      return new Summary(written[0], files.records(), files.manifest(), recordsSha256);
    }
  }
}
