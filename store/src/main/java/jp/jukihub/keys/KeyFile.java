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
      try {
        Files.writeString(
            file,
            HexFormat.of().formatHex(key) + "\n",
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);
      } catch (FileAlreadyExistsException raced) {
        return read(file, bytes);
      }
      restrictToOwner(file);
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
