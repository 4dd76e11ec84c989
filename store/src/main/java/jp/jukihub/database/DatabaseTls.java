package jp.jukihub.database;

import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * How the hub talks to one PostgreSQL server: in the clear only on loopback; to any other host over
 * TLS with the server's certificate checked against a trusted CA and its name against the host
 * ({@code verify-full}): the trail and the register never cross a network readable or spoofable.
 * The CA is {@code sslrootcert} from the database URL, or the JDK's trusted CAs.
 *
 * @param mode {@code disable} (loopback only) or {@code verify-full}
 * @param rootCert the CA certificates (PEM) the server's certificate must chain to; null: the JDK's
 */
public record DatabaseTls(String mode, Path rootCert) {
  public static final String DISABLE = "disable";
  public static final String VERIFY_FULL = "verify-full";

  public DatabaseTls {
    if (!DISABLE.equals(mode) && !VERIFY_FULL.equals(mode)) {
      throw new IllegalArgumentException(
          "sslmode must be disable (loopback only) or verify-full, got " + mode);
    }
  }

  /** What a host gets when its URL says nothing: clear on loopback, verify-full elsewhere. */
  public static DatabaseTls defaultFor(String host) {
    return new DatabaseTls(isLoopback(host) ? DISABLE : VERIFY_FULL, null);
  }

  /**
   * The URL's {@code sslmode} and {@code sslrootcert} (either may be null) for {@code host}; any
   * mode but verify-full is refused for a host that is not loopback.
   */
  public static DatabaseTls of(String host, String sslmode, String sslrootcert) {
    Path root = sslrootcert == null || sslrootcert.isBlank() ? null : Path.of(sslrootcert);
    if (sslmode == null || sslmode.isBlank()) {
      return new DatabaseTls(defaultFor(host).mode(), root);
    }
    String mode = sslmode.toLowerCase(Locale.ROOT);
    if (!isLoopback(host) && !VERIFY_FULL.equals(mode)) {
      throw new IllegalArgumentException(
          "database host "
              + host
              + " is not loopback: only sslmode=verify-full is allowed (the server's certificate"
              + " and name checked), got sslmode="
              + sslmode);
    }
    if (!DISABLE.equals(mode) && !VERIFY_FULL.equals(mode)) {
      throw new IllegalArgumentException(
          "sslmode must be disable (loopback only) or verify-full, got " + sslmode);
    }
    return new DatabaseTls(mode, root);
  }

  public boolean encrypted() {
    return VERIFY_FULL.equals(mode);
  }

  void applyTo(PgConnectOptions options) {
    if (!encrypted()) {
      return;
    }
    ClientSSLOptions ssl = new ClientSSLOptions().setHostnameVerificationAlgorithm("HTTPS");
    if (rootCert != null) {
      ssl.setTrustOptions(new PemTrustOptions().addCertPath(rootCert.toString()));
    }
    options.setSslMode(SslMode.VERIFY_FULL).setSslOptions(ssl);
  }

  void applyTo(PGSimpleDataSource source) {
    if (!encrypted()) {
      // pgjdbc's own default is prefer: TLS with nothing checked, unlike the pool's disable.
      source.setSslMode(DISABLE);
      return;
    }
    source.setSslMode(VERIFY_FULL);
    if (rootCert != null) {
      source.setSslRootCert(rootCert.toString());
    } else {
      // The JDK's trusted CAs, rather than pgjdbc's ~/.postgresql/root.crt.
      source.setSslfactory("org.postgresql.ssl.DefaultJavaSSLFactory");
    }
  }

  /** A loopback address or name, without asking DNS for anything else. */
  static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    String plain =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (plain.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!plain.matches("[0-9.]+") && !plain.contains(":")) {
      return false; // a name: not resolved here, so not trusted as loopback
    }
    try {
      return InetAddress.getByName(plain).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
