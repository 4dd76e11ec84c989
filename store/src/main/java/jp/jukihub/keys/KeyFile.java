package jp.jukihub.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A secret key kept in a file outside the repository: read if present, otherwise created once from
 * a strong random source with owner-only permissions. Stored as hex text so an operator can back it
 * up or replace it with a key from a vault.
 */
public final class KeyFile {
  private KeyFile() {}

  public static byte[] loadOrCreate(Path file, int bytes) {
    try {
      if (Files.exists(file)) {
        return read(file, bytes);
      }
      byte[] key = new byte[bytes];
      new SecureRandom().nextBytes(key);
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      // Written owner-only in a temporary file first and then linked into place, so the key is
      // never readable by others, not even for a moment, and a concurrent reader never sees half.
      Path temporary = Files.createTempFile(parent, ".key-", ".tmp");
      try {
        restrictToOwner(temporary);
        Files.writeString(temporary, HexFormat.of().formatHex(key) + "\n", StandardOpenOption.WRITE);
        // A hard link fails atomically if the key exists; a rename would replace a key another
        // process had just created and handed out.
        Files.createLink(file, temporary);
      } catch (FileAlreadyExistsException raced) {
        return read(file, bytes);
      } finally {
        Files.deleteIfExists(temporary);
      }
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create key file " + file, e);
    }
  }

  private static byte[] read(Path file, int bytes) throws IOException {
    String text = Files.readString(file).strip();
    byte[] key;
    try {
      key = HexFormat.of().parseHex(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("key file " + file + " is not hex text", e);
    }
    if (key.length != bytes) {
      throw new IllegalStateException(
          "key file " + file + " holds " + key.length + " bytes, expected " + bytes);
    }
    return key;
  }

  private static void restrictToOwner(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // Non-POSIX file systems keep their default ACLs.
    }
  }
}
