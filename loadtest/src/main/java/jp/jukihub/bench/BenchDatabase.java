package jp.jukihub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.database.EmbeddedDatabase;
import jp.jukihub.database.SchemaMigrations;

/**
 * The benchmark's PostgreSQL: the embedded server in a scratch directory (or the server named by
 * {@code JUKIHUB_BENCH_PG_URL}), with a fresh migrated database per measurement so that no run
 * inherits another's table and index sizes.
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
    EmbeddedDatabase embedded = EmbeddedDatabase.start(directory.resolve("pg"));
    return new BenchDatabase(embedded.target(), embedded, directory);
  }

  DatabaseTarget fresh(String purpose) throws SQLException {
    String name = "bench_" + purpose + "_" + ProcessHandle.current().pid() + "_" + next.incrementAndGet();
    try (Connection connection = admin.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0");
    }
    DatabaseTarget target = admin.withDatabase(name);
    SchemaMigrations.apply(target);
    return target;
  }

  Path scratch() throws IOException {
    return directory != null ? directory : Files.createTempDirectory("jukihub-bench-");
  }

  @Override
  public void close() {
    if (embedded != null) {
      embedded.close();
    }
  }
}
