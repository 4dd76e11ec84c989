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
import java.util.concurrent.atomic.LongAdder;
import jp.jukihub.database.DatabaseRole;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.progress.Progress;

/**
 * {@code hub audit export}: writes one month of the trail to backup media as JSON Lines, with the
 * checkpoints covering it and a signed manifest, and records the export so prune may later drop the
 * month.
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

  public Summary export(DatabaseTarget target, YearMonth month, Path directory)
      throws IOException, SQLException {
    return exportAs(target.as(DatabaseRole.AUDITOR), month, directory);
  }

  private Summary exportAs(DatabaseTarget target, YearMonth month, Path directory)
      throws IOException, SQLException {
    Files.createDirectories(directory);
    ExportFiles files = ExportFiles.in(directory, month);
    Instant from = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    Instant to = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    verifyMonth(target, month, from, to);
    try (Connection connection = target.dataSource().getConnection()) {
      AuditRows.beginSnapshot(connection);
      Map<String, SeqRange> chains = new TreeMap<>(AuditRows.seqRanges(connection, from, to));
      long records = writeRecords(connection, month, from, to, files.records());
      writeCheckpoints(connection, chains, files.checkpoints());
      connection.commit();
      String recordsSha256 = ExportFiles.sha256(files.records());
      new ExportManifest(
              month,
              records,
              chains,
              recordsSha256,
              ExportFiles.sha256(files.checkpoints()),
              clock.instant(),
              key.publicKey().id(),
              new byte[0])
          .signed(key)
          .write(files.manifest());
      recordExport(connection, month, records, recordsSha256, files.records());
      return new Summary(records, files.records(), files.manifest(), recordsSha256);
    }
  }

  /** Never sign what does not verify: an export would make tampered records look genuine. */
  private void verifyMonth(DatabaseTarget target, YearMonth month, Instant from, Instant to)
      throws SQLException {
    for (ChainReport report : new AuditVerification(trusted, progress).database(target, from, to)) {
      if (!report.intact()) {
        throw new IllegalStateException(
            month + " does not verify, nothing exported: " + report.describe());
      }
    }
  }

  private long writeRecords(
      Connection connection, YearMonth month, Instant from, Instant to, Path file)
      throws IOException, SQLException {
    long total = AuditRows.count(connection, from, to);
    progress.phase(String.format("exporting %,d audit records of %s", total, month));
    LongAdder written = new LongAdder();
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      AuditRows.stream(
          connection,
          from,
          to,
          record -> {
            try {
              out.write(AuditJson.record(record).encode());
              out.write('\n');
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            written.increment();
            if (written.sum() % 4096 == 0) {
              progress.advanced(written.sum(), Math.max(total, written.sum()));
            }
          });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    progress.advanced(written.sum(), Math.max(total, written.sum()));
    return written.sum();
  }

  private static void writeCheckpoints(
      Connection connection, Map<String, SeqRange> chains, Path file)
      throws IOException, SQLException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (NavigableMap<Long, Checkpoint> checkpoints :
          AuditRows.checkpoints(connection, chains).values()) {
        for (Checkpoint checkpoint : checkpoints.values()) {
          out.write(AuditJson.checkpoint(checkpoint).encode());
          out.write('\n');
        }
      }
    }
  }

  /** Notes the export in the database: prune drops a month only when this count still matches. */
  private static void recordExport(
      Connection connection, YearMonth month, long records, String sha256, Path file)
      throws SQLException {
    connection.setReadOnly(false);
    connection.setAutoCommit(true);
    try (PreparedStatement record =
        connection.prepareStatement(
            "INSERT INTO audit.export (month, records, digest, location) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (month) DO UPDATE SET records = excluded.records, digest = excluded.digest,"
                + " location = excluded.location, exported_at = now()")) {
      record.setObject(1, month.atDay(1));
      record.setLong(2, records);
      record.setString(3, sha256);
      record.setString(4, file.toAbsolutePath().toString());
      record.executeUpdate();
    }
  }
}
