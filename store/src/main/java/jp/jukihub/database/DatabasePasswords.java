package jp.jukihub.database;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import jp.jukihub.keys.KeyFile;

/**
 * The database passwords, each derived (HMAC-SHA256) from one secret. For the embedded cluster the
 * secret is a random key kept owner-only in {@code keys/database.key}, which gives the superuser's
 * password; the hub's roles' passwords derive from the owner's password, so every hub node and
 * command given the same owner (one URL, or one data directory) computes the same ones. Replacing
 * the key (or the owner's password) rotates them all: the hub sets them again at its next start.
 */
public final class DatabasePasswords {
  /** The key file's name in the data directory's {@code keys}. */
  public static final String KEY_FILE = "database.key";

  private static final int KEY_BYTES = 32;

  private final byte[] key;

  private DatabasePasswords(byte[] key) {
    this.key = key;
  }

  /** Blocking: reads the key file, creating it owner-only on first use. */
  public static DatabasePasswords loadOrCreate(Path keyFile) {
    return new DatabasePasswords(KeyFile.loadOrCreate(keyFile, KEY_BYTES));
  }

  /** The roles' passwords of an owner who logs in with {@code ownerPassword}. */
  public static DatabasePasswords ofOwner(String ownerPassword) {
    return new DatabasePasswords(
        ("jukihub-db-owner:" + ownerPassword).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The key file beside an embedded cluster's directory ({@code data/pg} → {@code data/keys}). */
  public static Path keyFileBeside(Path clusterDirectory) {
    return clusterDirectory.toAbsolutePath().resolveSibling("keys").resolve(KEY_FILE);
  }

  /** The password of the login {@code user} (the embedded superuser or a hub role). */
  public String passwordOf(String user) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(("jukihub-db-login:" + user).getBytes()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}
