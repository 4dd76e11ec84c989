package jp.jukihub.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A secret key kept in a file outside the repository: read if present, otherwise created once from
 * a strong random source with owner-only permissions. Stored as hex text so an operator can back it
 * up or replace it with a key from a vault. Other secrets kept as text (PEM private keys) are
 * written the same way through {@link #createOwnerOnly} and {@link #replaceOwnerOnly}.
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
      try {
        createOwnerOnly(file, HexFormat.of().formatHex(key) + "\n");
      } catch (FileAlreadyExistsException raced) {
        return read(file, bytes);
      }
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create key file " + file, e);
    }
  }

  /**
   * Writes {@code text} to a new owner-only file. Fails with {@link FileAlreadyExistsException}
   * when the file exists: a key that someone may already hold is never replaced.
   */
  public static void createOwnerOnly(Path file, String text) throws IOException {
    Path temporary = ownerOnlyTemporary(file, text);
    try {
      // A hard link fails atomically if the key exists; a rename would replace a key another
      // process had just created and handed out.
      Files.createLink(file, temporary);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** Writes {@code text} owner-only, atomically replacing whatever {@code file} held. */
  public static void replaceOwnerOnly(Path file, String text) throws IOException {
    Path temporary = ownerOnlyTemporary(file, text);
    try {
      Files.move(
          temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  // Written owner-only in a temporary file beside the target first, so the secret is never readable
  // by others, not even for a moment, and a concurrent reader never sees half of it.
  private static Path ownerOnlyTemporary(Path file, String text) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temporary = Files.createTempFile(parent, ".key-", ".tmp");
    try {
      restrictToOwner(temporary);
      Files.writeString(temporary, text, StandardOpenOption.WRITE);
      return temporary;
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temporary);
      throw e;
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
