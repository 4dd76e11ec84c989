package jp.jukihub.database;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the hub's PostgreSQL is. With no {@code url} the hub starts its own embedded PostgreSQL 15
 * in {@code embeddedDataDirectory}; with one (a {@code postgresql://user:pass@host:port/db} URI, a
 * {@code jdbc:} prefix is accepted) it uses that server instead.
 *
 * @param url external server URI, or null for the embedded default
 * @param embeddedDataDirectory where the embedded server keeps its cluster between runs
 * @param poolSize connections in each event-loop-facing pool
 * @param acceptOwnerRights run every pool as the URL's user when the hub's least-privilege roles
 *     cannot be made there (a server whose user lacks CREATEROLE); otherwise such a server stops
 *     the start
 * @param developmentOnly the operator's word that {@code url} is a development database on this
 *     machine (loopback only): development identity may then run on it, as on the embedded one
 */
public record DatabaseOptions(
    String url,
    Path embeddedDataDirectory,
    int poolSize,
    boolean acceptOwnerRights,
    boolean developmentOnly) {
  public static final int DEFAULT_POOL_SIZE = 16;

  public DatabaseOptions(String url, Path embeddedDataDirectory, int poolSize) {
    this(url, embeddedDataDirectory, poolSize, false, false);
  }

  public DatabaseOptions(
      String url, Path embeddedDataDirectory, int poolSize, boolean acceptOwnerRights) {
    this(url, embeddedDataDirectory, poolSize, acceptOwnerRights, false);
  }

  public DatabaseOptions {
    Objects.requireNonNull(embeddedDataDirectory, "embeddedDataDirectory");
    if (url != null && url.isBlank()) {
      url = null;
    }
    if (poolSize < 1 || poolSize > 256) {
      throw new IllegalArgumentException("database.poolSize must be 1-256, got " + poolSize);
    }
    if (developmentOnly
        && url != null
        && !DatabaseTls.isLoopback(DatabaseTarget.fromUri(url).host())) {
      throw new IllegalArgumentException(
          "database.developmentOnly: only a database on loopback can be a development one");
    }
  }

  /** Development identity may run here: the embedded database, or one marked development. */
  public boolean forDevelopment() {
    return url == null || developmentOnly;
  }

  /** The owner-only key file of the database passwords: {@code keys/database.key}. */
  public Path passwordKeyFile() {
    return DatabasePasswords.keyFileBeside(embeddedDataDirectory);
  }

  public boolean embedded() {
    return url == null;
  }
}
