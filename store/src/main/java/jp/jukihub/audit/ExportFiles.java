package jp.jukihub.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.YearMonth;
import java.util.HexFormat;

/** The three files of an exported month: records, checkpoints and the signed manifest. */
record ExportFiles(Path records, Path checkpoints, Path manifest) {
  private static final String RECORDS = ".records.jsonl";
  private static final String CHECKPOINTS = ".checkpoints.jsonl";
  private static final String MANIFEST = ".manifest.json";

  static ExportFiles in(Path directory, YearMonth month) {
    return base(directory.resolve("audit-" + month));
  }

  /** From any one of the three files. */
  static ExportFiles of(Path file) {
    String name = file.getFileName().toString();
    for (String suffix : new String[] {RECORDS, CHECKPOINTS, MANIFEST}) {
      if (name.endsWith(suffix)) {
        return base(file.resolveSibling(name.substring(0, name.length() - suffix.length())));
      }
    }
    throw new IllegalArgumentException(
        "not an audit export file ("
            + RECORDS
            + ", "
            + CHECKPOINTS
            + " or "
            + MANIFEST
            + "): "
            + file);
  }

  private static ExportFiles base(Path base) {
    String name = base.getFileName().toString();
    return new ExportFiles(
        base.resolveSibling(name + RECORDS),
        base.resolveSibling(name + CHECKPOINTS),
        base.resolveSibling(name + MANIFEST));
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
        digest.update(buffer, 0, read);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }
}
