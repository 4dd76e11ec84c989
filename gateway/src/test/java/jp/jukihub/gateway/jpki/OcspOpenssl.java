package jp.jukihub.gateway.jpki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import jp.jukihub.gateway.tls.Pem;

/**
 * The real {@code openssl ocsp} client, run offline against one CA: it writes the requests a
 * relying party would send and checks our answers as a relying party would.
 */
final class OcspOpenssl {
  private final Path directory;
  private final Path caFile;
  private final AtomicInteger files = new AtomicInteger();

  OcspOpenssl(Path directory, X509Certificate ca) throws IOException {
    this.directory = directory;
    this.caFile = directory.resolve("ca-" + ca.getSerialNumber().toString(16) + ".pem");
    Files.writeString(caFile, Pem.certificate(ca), StandardCharsets.US_ASCII);
  }

  /** The DER request {@code openssl ocsp -issuer ca.pem <arguments> -reqout} writes. */
  byte[] request(String... arguments) throws Exception {
    Path request = next("req");
    List<String> command = new ArrayList<>(List.of("ocsp"));
    command.addAll(leadingDigest(arguments));
    command.addAll(List.of("-issuer", caFile.toString()));
    command.addAll(withoutDigest(arguments));
    command.addAll(List.of("-reqout", request.toString()));
    Result result = run(command);
    if (result.exitCode() != 0) {
      throw new IllegalStateException("openssl could not write a request: " + result.output());
    }
    return Files.readAllBytes(request);
  }

  /**
   * What {@code openssl ocsp -respin} prints of {@code response}, checked against the CA; {@code
   * arguments} name the serials.
   */
  Result check(byte[] response, String... arguments) throws Exception {
    Path file = next("resp");
    Files.write(file, response);
    List<String> command = new ArrayList<>(List.of("ocsp"));
    command.addAll(leadingDigest(arguments));
    command.addAll(
        List.of(
            "-respin",
            file.toString(),
            "-issuer",
            caFile.toString(),
            "-CAfile",
            caFile.toString()));
    command.addAll(withoutDigest(arguments));
    return run(command);
  }

  /**
   * What openssl says of {@code response} as the answer to {@code request}: signature and nonce.
   */
  Result checkAgainst(byte[] request, byte[] response) throws Exception {
    Path requestFile = next("req");
    Files.write(requestFile, request);
    Path responseFile = next("resp");
    Files.write(responseFile, response);
    return run(
        List.of(
            "ocsp",
            "-reqin",
            requestFile.toString(),
            "-respin",
            responseFile.toString(),
            "-issuer",
            caFile.toString(),
            "-CAfile",
            caFile.toString()));
  }

  record Result(int exitCode, String output) {}

  // openssl ocsp takes the CertID digest only before -issuer and -serial.
  private static List<String> leadingDigest(String[] arguments) {
    return Arrays.stream(arguments).filter("-sha256"::equals).toList();
  }

  private static List<String> withoutDigest(String[] arguments) {
    return Arrays.stream(arguments).filter(argument -> !"-sha256".equals(argument)).toList();
  }

  private Path next(String kind) {
    return directory.resolve(kind + "-" + files.incrementAndGet() + ".der");
  }

  private Result run(List<String> arguments) {
    OpensslCommand.Result result =
        OpensslCommand.runIn(directory, arguments.toArray(String[]::new));
    return new Result(result.exitCode(), result.output());
  }
}
