package jp.jukihub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import jp.jukihub.database.DatabasePasswords;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.database.EmbeddedDatabase;
import jp.jukihub.database.SchemaMigrations;
import jp.jukihub.nation.MunicipalityCatalog;
import jp.jukihub.nation.NationGenerator;
import jp.jukihub.nation.NationLoader;
import jp.jukihub.nation.NationOptions;
import jp.jukihub.progress.Progress;

/**
 * The benchmark's PostgreSQL: the embedded server in a scratch directory (or the server named by
 * {@code JUKIHUB_BENCH_PG_URL}), with a fresh migrated database per measurement so that no run
 * inherits another's table and index sizes. The scratch directory goes when the benchmark ends: a
 * run's audit records alone can fill gigabytes.
 */
final class BenchDatabase implements AutoCloseable {
  private final DatabaseTarget admin;
  private final EmbeddedDatabase embedded;
  private final Path directory;
  private final AtomicInteger next = new AtomicInteger();

  private BenchDatabase(DatabaseTarget admin, EmbeddedDatabase embedded, Path directory) {
    this.admin = admin;
    this.embedded = embedded;
    this.directory = directory;
  }

  static BenchDatabase open() throws IOException {
    String external = System.getenv("JUKIHUB_BENCH_PG_URL");
    if (external != null && !external.isBlank()) {
      return new BenchDatabase(DatabaseTarget.fromUri(external), null, null);
    }
    Path directory = Files.createTempDirectory("jukihub-bench-");
    Path cluster = directory.resolve("pg");
    EmbeddedDatabase embedded =
        EmbeddedDatabase.start(
            cluster, DatabasePasswords.keyFileBeside(cluster), PgStatements.SERVER_SETTINGS);
    return new BenchDatabase(embedded.target(), embedded, directory);
  }

  DatabaseTarget fresh(String purpose) throws SQLException {
    String name =
        "bench_" + purpose + "_" + ProcessHandle.current().pid() + "_" + next.incrementAndGet();
    try (Connection connection = admin.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0");
    }
    DatabaseTarget target = admin.withDatabase(name);
    SchemaMigrations.apply(target);
    return target;
  }

  /**
   * A fresh database holding a synthetic nation of {@code residents}, the same for the same seed.
   */
  DatabaseTarget nation(String purpose, long residents, long seed) throws Exception {
    DatabaseTarget target = fresh(purpose);
    byte[] key = new byte[32];
    new SplittableRandom(seed).nextBytes(key);
    new NationLoader(target, new NationGenerator(MunicipalityCatalog.load(), key))
        .load(NationOptions.of(residents, seed), false, Progress.SILENT);
    return target;
  }

  /** The embedded cluster's data directory; empty when the benchmark uses an external server. */
  Optional<Path> embeddedCluster() {
    return embedded == null ? Optional.empty() : Optional.of(directory.resolve("pg"));
  }

  Path scratch() throws IOException {
    return directory != null ? directory : Files.createTempDirectory("jukihub-bench-");
  }

  @Override
  public void close() {
    if (embedded != null) {
      embedded.close();
      delete(directory);
    }
  }

  private static void delete(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException e) {
      System.err.println("bench: could not remove " + directory + ": " + e.getMessage());
    }
  }
}
