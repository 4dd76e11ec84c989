package jp.jukihub.database;

import java.util.Optional;

/**
 * The database the hub runs against: the external server named in {@link DatabaseOptions}, or an
 * embedded one it starts and owns. Opening applies the schema, so callers find it current.
 */
public final class Database implements AutoCloseable {
  private final DatabaseTarget target;
  private final Optional<EmbeddedDatabase> embedded;

  private Database(DatabaseTarget target, Optional<EmbeddedDatabase> embedded) {
    this.target = target;
    this.embedded = embedded;
  }

  /** Blocking: starts the embedded server if configured, then migrates the schema. */
  public static Database open(DatabaseOptions options) {
    Database database;
    if (options.embedded()) {
      EmbeddedDatabase server = EmbeddedDatabase.start(options.embeddedDataDirectory());
      database = new Database(server.target(), Optional.of(server));
    } else {
      database = new Database(DatabaseTarget.fromUri(options.url()), Optional.empty());
    }
    try {
      SchemaMigrations.apply(database.target);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
    return database;
  }

  public DatabaseTarget target() {
    return target;
  }

  public boolean isEmbedded() {
    return embedded.isPresent();
  }

  @Override
  public void close() {
    embedded.ifPresent(EmbeddedDatabase::close);
  }
}
