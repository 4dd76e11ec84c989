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
 */
public record DatabaseOptions(
    String url, Path embeddedDataDirectory, int poolSize, boolean acceptOwnerRights) {
  public static final int DEFAULT_POOL_SIZE = 16;

  public DatabaseOptions(String url, Path embeddedDataDirectory, int poolSize) {
    this(url, embeddedDataDirectory, poolSize, false);
  }

  public DatabaseOptions {
    Objects.requireNonNull(embeddedDataDirectory, "embeddedDataDirectory");
    if (url != null && url.isBlank()) {
      url = null;
    }
    if (poolSize < 1 || poolSize > 256) {
      throw new IllegalArgumentException("database.poolSize must be 1-256, got " + poolSize);
    }
  }

  /** The owner-only key file of the database passwords: {@code keys/database.key}. */
  public Path passwordKeyFile() {
    return DatabasePasswords.keyFileBeside(embeddedDataDirectory);
  }

  public boolean embedded() {
    return url == null;
  }
}
