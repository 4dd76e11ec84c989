package jp.jukihub.jpki;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.database.SqlFailures;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The certificate store as J-LIS's revocation publisher works it, on one blocking JDBC connection
 * to the national tier that it owns: revocations to answer, answers to keep and take in, the CRLs'
 * entries and numbers. The publisher signs; this reads and writes, and hands it plain values.
 *
 * <p>A connection of its own, not a pool's: a million-entry CRL streams inside one transaction for
 * seconds. It is opened at first need (a national database still down at start delays the
 * publisher, not the hub) and again after any failure. Its timeouts make a database that hangs fail
 * a pass instead of stalling revocations for good: 5 s to connect, and 2 minutes for any one reply
 * (a million-entry CRL is read in seconds).
 *
 * <p>Blocking and not thread-safe: one publisher thread uses it, never an event loop. Every failure
 * is {@code STORE_UNAVAILABLE} naming the SQL state, and lets the connection go.
 */
public final class RevocationSession implements AutoCloseable {
  private static final int CONNECT_TIMEOUT_SECONDS = 5;
  private static final int SOCKET_TIMEOUT_SECONDS = 120;
  private static final String FAILED = "the certificate store failed";

  private final DataSource national;
  private Connection connection;

  /** Connects to {@code national} at first use, not now. */
  public RevocationSession(DatabaseTarget national) {
    PGSimpleDataSource source = national.dataSource();
    source.setConnectTimeout(CONNECT_TIMEOUT_SECONDS);
    source.setSocketTimeout(SOCKET_TIMEOUT_SECONDS);
    this.national = source;
  }

  /**
   * The stored answers of certificates still valid, streamed, the most recently signed first, until
   * {@code enough} says so (see {@link RevocationFeed}).
   */
  public void eachResponse(RevocationFeed.ResponseSink sink, BooleanSupplier enough) {
    run(
        connection -> {
          RevocationFeed.eachResponse(connection, sink, enough);
          return null;
        });
  }

  /**
   * Revocations whose stored OCSP answer does not state them yet, in the order they were numbered.
   */
  public List<Revocation> unanswered(int limit) {
    return run(connection -> RevocationFeed.unanswered(connection, limit));
  }

  /** Keeps freshly signed answers; never over one signed later (see {@link RevocationFeed}). */
  public void save(List<SignedResponse> responses) {
    run(
        connection -> {
          RevocationFeed.save(connection, responses);
          return null;
        });
  }

  /** Answers signed after {@code since} by any node; returns the latest signing time seen. */
  public Instant signedSince(Instant since, RevocationFeed.ResponseSink sink) {
    return run(connection -> RevocationFeed.signedSince(connection, since, sink));
  }

  /** Certificates still valid whose answer was signed before {@code cutoff}, oldest first. */
  public List<RevocationFeed.Status> signedBefore(Instant cutoff, int limit) {
    return run(connection -> RevocationFeed.signedBefore(connection, cutoff, limit));
  }

  /** What every scope's CRL must list now, whole types included (see {@link CrlLedger}). */
  public Map<CrlScope, CrlLedger.Contents> crlContents(Instant now) {
    return run(connection -> CrlLedger.contents(connection, now));
  }

  /** Streams the scope's CRL entries and returns what they were, read in the same snapshot. */
  public CrlLedger.Contents eachCrlEntry(CrlScope scope, Instant now, CrlLedger.EntrySink sink) {
    return run(connection -> CrlLedger.eachEntry(connection, scope, now, sink));
  }

  /** Every scope's CRL as the cluster last issued it (see {@link CrlLedger#issued}). */
  public Map<CrlScope, CrlLedger.Issued> issuedCrls() {
    return run(CrlLedger::issued);
  }

  /**
   * Takes the scope's next CRL number if it is still {@code after} (see {@link CrlLedger#claim}):
   * empty when another node took it first.
   */
  public OptionalLong claimCrlNumber(
      CrlScope scope, long after, Instant thisUpdate, CrlLedger.Contents contents) {
    return run(connection -> CrlLedger.claim(connection, scope, after, thisUpdate, contents));
  }

  /** Lets the connection go; the next call, if any, opens a new one. */
  @Override
  public void close() {
    try {
      if (connection != null) {
        connection.close();
      }
    } catch (SQLException ignored) {
      // Already broken; the next call opens a new one.
    }
    connection = null;
  }

  private interface Work<T> {
    T on(Connection connection) throws SQLException;
  }

  private <T> T run(Work<T> work) {
    try {
      if (connection == null || connection.isClosed()) {
        connection = national.getConnection();
      }
      return work.on(connection);
    } catch (SQLException e) {
      close();
      throw SqlFailures.storeUnavailable(FAILED, e);
    }
  }
}
