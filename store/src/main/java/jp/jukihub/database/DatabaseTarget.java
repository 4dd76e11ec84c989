package jp.jukihub.database;

import io.vertx.pgclient.PgConnectOptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One reachable PostgreSQL database, as both the blocking JDBC side (migrations, COPY, command-line
 * tools) and the non-blocking Vert.x side (the request path) need to address it.
 */
public record DatabaseTarget(String host, int port, String database, String user, String password) {

  /**
   * Parses {@code postgresql://user:pass@host:port/db} (or the same with a {@code jdbc:} prefix).
   */
  public static DatabaseTarget fromUri(String uri) {
    String plain = uri.startsWith("jdbc:") ? uri.substring("jdbc:".length()) : uri;
    if (!plain.startsWith("postgresql://") && !plain.startsWith("postgres://")) {
      throw new IllegalArgumentException(
          "database URL must look like postgresql://user:password@host:port/database");
    }
    PgConnectOptions options = PgConnectOptions.fromUri(plain);
    return new DatabaseTarget(
        options.getHost(),
        options.getPort(),
        options.getDatabase(),
        options.getUser(),
        options.getPassword());
  }

  public DatabaseTarget withDatabase(String otherDatabase) {
    return new DatabaseTarget(host, port, otherDatabase, user, password);
  }

  /** A JDBC data source for blocking work: never used on an event loop. */
  public PGSimpleDataSource dataSource() {
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setServerNames(new String[] {host});
    source.setPortNumbers(new int[] {port});
    source.setDatabaseName(database);
    source.setUser(user);
    if (password != null) {
      source.setPassword(password);
    }
    source.setApplicationName("jukihub");
    return source;
  }

  public PgConnectOptions connectOptions() {
    PgConnectOptions options =
        new PgConnectOptions()
            .setHost(host)
            .setPort(port)
            .setDatabase(database)
            .setUser(user)
            .setCachePreparedStatements(true)
            .setPipeliningLimit(256);
    if (password != null) {
      options.setPassword(password);
    }
    return options;
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
  }
}
