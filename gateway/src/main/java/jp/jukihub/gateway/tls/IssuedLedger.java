package jp.jukihub.gateway.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The body CA's record of what it issued: one line per certificate ({@code serial body notAfter},
 * tab-separated, serial in hex), beside the CA's key, so {@code hub bodies revoke-cert BODY} can
 * find every certificate a body holds. Append-only; it holds no secret.
 */
public final class IssuedLedger {
  /** One certificate the CA issued. */
  public record Entry(BigInteger serial, String body, String notAfter) {}

  private final Path file;

  public IssuedLedger(Path file) {
    this.file = file;
  }

  public void record(String body, X509Certificate certificate) {
    String line =
        certificate.getSerialNumber().toString(16)
            + "\t"
            + body
            + "\t"
            + certificate.getNotAfter().toInstant()
            + "\n";
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(
          file,
          line,
          StandardCharsets.US_ASCII,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the issued certificate in " + file, e);
    }
  }

  public List<Entry> entries() {
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      return Files.readAllLines(file, StandardCharsets.US_ASCII).stream()
          .map(line -> line.split("\t"))
          .filter(fields -> fields.length == 3)
          .map(fields -> new Entry(new BigInteger(fields[0], 16), fields[1], fields[2]))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
