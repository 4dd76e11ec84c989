package jp.jukihub.database;

import io.vertx.pgclient.PgConnectOptions;
import java.util.Map;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One reachable PostgreSQL database, as both the blocking JDBC side (migrations, COPY, command-line
 * tools) and the non-blocking Vert.x side (the request path) need to address it.
 *
 * <p>{@code logins} holds the passwords of the hub's least-privilege roles on the same server
 * (empty when the hub runs with the owner's rights): {@link #as} switches to one of them.
 */
public record DatabaseTarget(
    String host,
    int port,
    String database,
    String user,
    String password,
    Map<DatabaseRole, String> logins,
    DatabaseTls tls) {

  /** The longest statement text the connections keep prepared (Vert.x's default: 2,048). */
  static final int PREPARED_STATEMENT_CACHE_SQL_LIMIT = 16_384;

  public DatabaseTarget {
    logins = logins == null ? Map.of() : Map.copyOf(logins);
    tls = tls == null ? DatabaseTls.defaultFor(host) : tls;
  }

  public DatabaseTarget(String host, int port, String database, String user, String password) {
    this(host, port, database, user, password, Map.of(), null);
  }

  /**
   * Parses {@code postgresql://user:pass@host:port/db} (or the same with a {@code jdbc:} prefix).
   */
  public static DatabaseTarget fromUri(String uri) {
    String full = uri.startsWith("jdbc:") ? uri.substring("jdbc:".length()) : uri;
    int query = full.indexOf('?');
    String plain = query < 0 ? full : full.substring(0, query);
    Map<String, String> parameters = query < 0 ? Map.of() : parameters(full.substring(query + 1));
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
        options.getPassword(),
        Map.of(),
        DatabaseTls.of(
            options.getHost(), parameters.get("sslmode"), parameters.get("sslrootcert")));
  }

  /** The URL's query: only sslmode and sslrootcert are understood; anything else is refused. */
  private static Map<String, String> parameters(String query) {
    Map<String, String> parameters = new java.util.HashMap<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value =
          equals < 0
              ? ""
              : java.net.URLDecoder.decode(
                  pair.substring(equals + 1), java.nio.charset.StandardCharsets.UTF_8);
      if (!name.equals("sslmode") && !name.equals("sslrootcert")) {
        throw new IllegalArgumentException(
            "database URL parameter '" + name + "' is not understood (only sslmode, sslrootcert)");
      }
      parameters.put(name, value);
    }
    return parameters;
  }

  public DatabaseTarget withDatabase(String otherDatabase) {
    return new DatabaseTarget(host, port, otherDatabase, user, password, logins, tls);
  }

  /** The same target with the roles' passwords {@link #as} logs in with. */
  public DatabaseTarget withLogins(Map<DatabaseRole, String> roleLogins) {
    return new DatabaseTarget(host, port, database, user, password, roleLogins, tls);
  }

  /**
   * The same database as {@code role}, or this target itself when the role has no login here (an
   * external server run with the owner's rights, a tier on a server of its own).
   */
  public DatabaseTarget as(DatabaseRole role) {
    String rolePassword = logins.get(role);
    if (rolePassword == null || role.roleName().equals(user)) {
      return this;
    }
    return new DatabaseTarget(host, port, database, role.roleName(), rolePassword, logins, tls);
  }

  /** Whether {@code other} is on the same server (roles, and their passwords, are shared there). */
  public boolean sameServer(DatabaseTarget other) {
    return host.equals(other.host) && port == other.port;
  }

  /** Whether {@code other} is the same database on the same server, whoever logs in. */
  public boolean sameDatabase(DatabaseTarget other) {
    return host.equals(other.host) && port == other.port && database.equals(other.database);
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
    tls.applyTo(source);
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
            // Vert.x leaves statements over 2 KiB uncached by default, and an uncached statement is
            // parsed and planned again on every call: the register's corrections (2.6 KiB) and
            // the tiers' upserts spent about a millisecond of PostgreSQL's CPU each on it. Every
            // statement of the hub is a constant, so caching them all is bounded by their count.
            .setPreparedStatementCacheSqlLimit(PREPARED_STATEMENT_CACHE_SQL_LIMIT)
            .setPipeliningLimit(256);
    if (password != null) {
      options.setPassword(password);
    }
    tls.applyTo(options);
    return options;
  }

  /** The URI with the password, for a configuration file an owner-only test or tool writes. */
  public String uriWithPassword() {
    String secret =
        password == null
            ? ""
            : ":" + java.net.URLEncoder.encode(password, java.nio.charset.StandardCharsets.UTF_8);
    String query =
        !tls.encrypted()
            ? ""
            : "?sslmode="
                + tls.mode()
                + (tls.rootCert() == null ? "" : "&sslrootcert=" + tls.rootCert());
    return "postgresql://" + user + secret + "@" + host + ":" + port + "/" + database + query;
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
  }
}
