package jp.jukihub.database;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Brings a database to the hub's current schema with Flyway; blocking, run before serving. */
public final class SchemaMigrations {
  private SchemaMigrations() {}

  /** Applies pending migrations and returns how many ran. */
  public static int apply(DatabaseTarget target) {
    MigrateResult result =
        Flyway.configure()
            .dataSource(target.dataSource())
            .locations("classpath:db/migration")
            .load()
            .migrate();
    return result.migrationsExecuted;
  }
}
