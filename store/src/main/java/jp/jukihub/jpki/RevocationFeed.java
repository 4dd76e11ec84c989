package jp.jukihub.jpki;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The certificate store as J-LIS's background work reads it (blocking JDBC on the caller's
 * connection, off the event loop): revocations in the order they happened, the pre-signed OCSP
 * answers, and the certificates whose answers are due for re-signing. Used through {@link
 * RevocationSession}, which owns the connection.
 */
public final class RevocationFeed {
  /** A certificate's status as an OCSP answer states it. */
  public record Status(long serial, String type, Optional<Revocation> revocation) {}

  /** Receives stored answers, one at a time, so that millions need not be held twice. */
  public interface ResponseSink {
    void accept(StoredResponse response);
  }

  private static final String REVOCATION_COLUMNS =
      "serial, type, shard, revoked_at, reason, revocation_seq";

  private RevocationFeed() {}

  /**
   * Revocations whose stored OCSP answer does not state them yet, in the order they were numbered.
   * Numbers are taken before commit, so they commit out of order: this asks for what is missing,
   * never for "after the last number seen", which could skip one for good.
   */
  static List<Revocation> unanswered(Connection connection, int limit) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT "
                + REVOCATION_COLUMNS
                + " FROM jpki.certificate"
                + " WHERE revocation_seq IS NOT NULL AND answered_seq IS DISTINCT FROM revocation_seq"
                + " ORDER BY revocation_seq LIMIT ?")) {
      statement.setInt(1, limit);
      try (ResultSet rows = statement.executeQuery()) {
        List<Revocation> revocations = new ArrayList<>();
        while (rows.next()) {
          revocations.add(revocation(rows));
        }
        return revocations;
      }
    }
  }

  /**
   * Keeps freshly signed answers. An answer never replaces one signed later, and a "good" answer is
   * kept only while the certificate is still unrevoked: a refresh that read the status just before
   * a revocation must not undo the revoked answer.
   */
  static void save(Connection connection, List<SignedResponse> responses) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "UPDATE jpki.certificate SET ocsp_response = ?, ocsp_signed_at = ?, answered_seq = ?"
                + " WHERE serial = ? AND (ocsp_signed_at IS NULL OR ocsp_signed_at <= ?)"
                + " AND (?::bigint IS NOT NULL OR revocation_seq IS NULL)")) {
      for (SignedResponse response : responses) {
        Timestamp at = Timestamp.from(response.signedAt());
        statement.setBytes(1, response.response());
        statement.setTimestamp(2, at);
        statement.setObject(3, response.answersSeq(), Types.BIGINT);
        statement.setLong(4, response.serial());
        statement.setTimestamp(5, at);
        statement.setObject(6, response.answersSeq(), Types.BIGINT);
        statement.addBatch();
      }
      statement.executeBatch();
    }
  }

  /**
   * Answers signed after {@code since}, by this hub node or another; returns the latest signing
   * time seen ({@code since} when none). A node keeps its memory current with this.
   */
  static Instant signedSince(Connection connection, Instant since, ResponseSink sink)
      throws SQLException {
    Instant latest = since;
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT serial, type, ocsp_response, ocsp_signed_at FROM jpki.certificate WHERE ocsp_signed_at > ?")) {
      statement.setTimestamp(1, Timestamp.from(since));
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          StoredResponse response = stored(rows);
          sink.accept(response);
          latest = response.signedAt().isAfter(latest) ? response.signedAt() : latest;
        }
      }
    }
    return latest;
  }

  /** Certificates still valid whose answer was signed before {@code cutoff}, oldest first. */
  static List<Status> signedBefore(Connection connection, Instant cutoff, int limit)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT "
                + REVOCATION_COLUMNS
                + " FROM jpki.certificate"
                + " WHERE ocsp_signed_at < ? AND not_after > now() ORDER BY ocsp_signed_at LIMIT ?")) {
      statement.setTimestamp(1, Timestamp.from(cutoff));
      statement.setInt(2, limit);
      try (ResultSet rows = statement.executeQuery()) {
        List<Status> due = new ArrayList<>();
        while (rows.next()) {
          Optional<Revocation> revocation =
              rows.getTimestamp("revoked_at") == null
                  ? Optional.empty()
                  : Optional.of(revocation(rows));
          due.add(new Status(rows.getLong("serial"), rows.getString("type"), revocation));
        }
        return due;
      }
    }
  }

  /**
   * The stored answers of certificates still valid, streamed, the most recently signed first, until
   * {@code enough} says so.
   */
  static void eachResponse(Connection connection, ResponseSink sink, BooleanSupplier enough)
      throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false); // the driver streams (fetch size) only inside a transaction
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT serial, type, ocsp_response, ocsp_signed_at FROM jpki.certificate"
                + " WHERE ocsp_response IS NOT NULL AND not_after > now() ORDER BY ocsp_signed_at DESC")) {
      statement.setFetchSize(10_000);
      try (ResultSet rows = statement.executeQuery()) {
        while (!enough.getAsBoolean() && rows.next()) {
          sink.accept(stored(rows));
        }
      }
    } finally {
      connection.commit();
      connection.setAutoCommit(autoCommit);
    }
  }

  private static StoredResponse stored(ResultSet row) throws SQLException {
    return new StoredResponse(
        row.getLong("serial"),
        row.getString("type"),
        row.getBytes("ocsp_response"),
        row.getTimestamp("ocsp_signed_at").toInstant());
  }

  static Revocation revocation(ResultSet row) throws SQLException {
    return new Revocation(
        row.getLong("serial"),
        row.getString("type"),
        row.getShort("shard"),
        row.getTimestamp("revoked_at").toInstant(),
        row.getShort("reason"),
        row.getLong("revocation_seq"));
  }
}
