package jp.jukihub.jpki;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jp.jukihub.database.SqlFailures;
import jp.jukihub.database.StorePool;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;

/**
 * J-LIS's record of the certificates it issued, as the API routes use it (non-blocking, on the
 * national database). Background work (following revocations, CRLs) goes through {@link
 * RevocationSession}.
 */
public final class CertificateRecords {
  /** RFC 5280 CRLReason superseded: a new card replaces the person's earlier certificates. */
  public static final int SUPERSEDED = 4;

  private static final String REVOCATION_COLUMNS =
      "serial, type, shard, revoked_at, reason, revocation_seq";

  /**
   * A card's certificates, and the person's earlier ones revoked, in one statement; nothing at all
   * when J-LIS's national copy already holds a newer version of the person than the card was made
   * for (a change that arrived during issuance: its revocation would have found no card to revoke).
   */
  private static final String ISSUE =
      "WITH changed AS (SELECT EXISTS (SELECT 1 FROM national.identity WHERE person_id = $1 AND version > $3) AS yes),"
          + " superseded AS (UPDATE jpki.certificate SET revoked_at = clock_timestamp(), reason = "
          + SUPERSEDED
          + ","
          + " revocation_seq = nextval('jpki.revocation_seq') WHERE person_id = $1 AND revoked_at IS NULL"
          + " AND not_after > now() AND NOT (SELECT yes FROM changed) RETURNING "
          + REVOCATION_COLUMNS
          + "),"
          + " issued AS (INSERT INTO jpki.certificate (serial, type, shard, person_id, person_version, lg_code, not_before,"
          + " not_after, ocsp_response, ocsp_signed_at)"
          + " SELECT n.serial, n.type, n.shard, $1, $3, $2, n.not_before, n.not_after, n.response, n.signed_at"
          + " FROM unnest($4::bigint[], $5::text[], $6::smallint[], $7::timestamptz[], $8::timestamptz[], $9::bytea[],"
          + " $10::timestamptz[]) AS n(serial, type, shard, not_before, not_after, response, signed_at)"
          + " WHERE NOT (SELECT yes FROM changed))"
          + " SELECT (SELECT yes FROM changed) AS changed, s.* FROM (SELECT 1) AS one LEFT JOIN superseded s ON true";

  /**
   * Serializes two issuances for one person: each would otherwise leave the other's card in force.
   */
  private static final String LOCK_PERSON =
      "SELECT pg_advisory_xact_lock(hashtextextended('jpki-card:' || $1::bigint, 0))";

  /** Locks the row, revokes it only for its issuer and only once, and says which case it was. */
  private static final String REVOKE =
      "WITH target AS (SELECT serial, lg_code, revoked_at FROM jpki.certificate WHERE serial = $1 FOR UPDATE),"
          + " done AS (UPDATE jpki.certificate c SET revoked_at = clock_timestamp(), reason = $3,"
          + " revocation_seq = nextval('jpki.revocation_seq') FROM target t"
          + " WHERE c.serial = t.serial AND t.lg_code = $2 AND t.revoked_at IS NULL"
          + " RETURNING c.serial, c.type, c.shard, c.person_id, c.lg_code, c.not_after, c.revoked_at, c.reason,"
          + " c.revocation_seq)"
          + " SELECT t.lg_code AS issuer, t.revoked_at AS earlier, d.* FROM target t LEFT JOIN done d ON true";

  private static final String FIND =
      "SELECT serial, type, shard, person_id, lg_code, not_after, revoked_at, reason, revocation_seq"
          + " FROM jpki.certificate WHERE serial = $1";

  /**
   * A stored answer only while it states the certificate's last word: a revocation not re-signed
   * yet (the publisher does so within a second or two) is left to the live path, which reads the
   * revocation itself.
   */
  private static final String STORED_RESPONSE =
      "SELECT serial, type, ocsp_response, ocsp_signed_at FROM jpki.certificate"
          + " WHERE serial = $1 AND ocsp_response IS NOT NULL AND not_after > now()"
          + " AND answered_seq IS NOT DISTINCT FROM revocation_seq";

  private static final String SAVE_RESPONSE =
      "UPDATE jpki.certificate SET ocsp_response = $2, ocsp_signed_at = $3 WHERE serial = $1";

  private final Pool national;

  public CertificateRecords(StorePool national) {
    this.national = national.pool();
  }

  /**
   * Records a new card's certificates for version {@code personVersion} of {@code personId}, issued
   * by {@code lgCode}; the person's certificates still in force are revoked as superseded in the
   * same transaction. Returns those revocations; fails with CARD_APPLICANT_CHANGED when the
   * register changed the person meanwhile (nothing is recorded then).
   */
  public Future<List<Revocation>> issue(
      long personId, int personVersion, String lgCode, List<NewCertificate> certificates) {
    int n = certificates.size();
    Long[] serials = new Long[n];
    String[] types = new String[n];
    Short[] shards = new Short[n];
    OffsetDateTime[] notBefore = new OffsetDateTime[n];
    OffsetDateTime[] notAfter = new OffsetDateTime[n];
    Buffer[] responses = new Buffer[n];
    OffsetDateTime[] signedAt = new OffsetDateTime[n];
    for (int i = 0; i < n; i++) {
      NewCertificate certificate = certificates.get(i);
      serials[i] = certificate.serial();
      types[i] = certificate.type();
      shards[i] = (short) certificate.shard();
      notBefore[i] = utc(certificate.notBefore());
      notAfter[i] = utc(certificate.notAfter());
      responses[i] = Buffer.buffer(certificate.ocspResponse());
      signedAt[i] = utc(certificate.ocspSignedAt());
    }
    Tuple args =
        Tuple.of(personId, lgCode, personVersion)
            .addArrayOfLong(serials)
            .addArrayOfString(types)
            .addArrayOfShort(shards)
            .addArrayOfOffsetDateTime(notBefore)
            .addArrayOfOffsetDateTime(notAfter)
            .addArrayOfBuffer(responses)
            .addArrayOfOffsetDateTime(signedAt);
    return national
        .withTransaction(
            connection ->
                connection
                    .preparedQuery(LOCK_PERSON)
                    .execute(Tuple.of(personId))
                    .compose(locked -> connection.preparedQuery(ISSUE).execute(args)))
        .recover(
            failure -> SqlFailures.unavailable("the certificates could not be recorded", failure))
        .map(
            rows -> {
              List<Revocation> superseded = new ArrayList<>(rows.size());
              for (Row row : rows) {
                if (row.getBoolean("changed")) {
                  throw new HubException(
                      ErrorCode.CARD_APPLICANT_CHANGED,
                      "the register changed the resident during issuance; issue again");
                }
                if (row.getValue("serial") != null) {
                  superseded.add(revocation(row));
                }
              }
              return superseded;
            });
  }

  /**
   * Revokes a certificate for the municipality that issued it. Another municipality's certificate
   * is "not found" to the caller: a serial must not tell whose it is.
   */
  public Future<CertificateState> revoke(long serial, String lgCode, int reason) {
    return national
        .preparedQuery(REVOKE)
        .execute(Tuple.of(serial, lgCode, reason))
        .recover(
            failure -> SqlFailures.unavailable("the revocation could not be recorded", failure))
        .map(
            rows -> {
              Row row = rows.size() == 0 ? null : rows.iterator().next();
              if (row == null || !lgCode.equals(row.getString("issuer"))) {
                throw new HubException(
                    ErrorCode.CERTIFICATE_NOT_FOUND,
                    "no certificate of this municipality has that serial");
              }
              if (row.getValue("earlier") != null) {
                throw new HubException(
                    ErrorCode.CERTIFICATE_REVOKED,
                    "the certificate was revoked at " + row.getOffsetDateTime("earlier"));
              }
              return state(row);
            });
  }

  public Future<Optional<CertificateState>> find(long serial) {
    return national
        .preparedQuery(FIND)
        .execute(Tuple.of(serial))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return Optional.<CertificateState>empty();
              }
              return Optional.of(state(rows.iterator().next()));
            })
        .recover(
            failure -> SqlFailures.unavailable("the certificate store did not answer", failure));
  }

  /**
   * The pre-signed OCSP answer kept for a certificate still valid, if it states the certificate's
   * current status; empty for a serial never issued, expired, or revoked and not re-signed yet.
   */
  public Future<Optional<StoredResponse>> storedResponse(long serial) {
    return national
        .preparedQuery(STORED_RESPONSE)
        .execute(Tuple.of(serial))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return Optional.<StoredResponse>empty();
              }
              Row row = rows.iterator().next();
              return Optional.of(
                  new StoredResponse(
                      row.getLong("serial"),
                      row.getString("type"),
                      row.getBuffer("ocsp_response").getBytes(),
                      row.getOffsetDateTime("ocsp_signed_at").toInstant()));
            })
        .recover(
            failure -> SqlFailures.unavailable("the certificate store did not answer", failure));
  }

  /** Keeps a freshly signed OCSP answer, so that a restart serves it without signing again. */
  public Future<Void> saveResponse(long serial, byte[] response, Instant signedAt) {
    return national
        .preparedQuery(SAVE_RESPONSE)
        .execute(Tuple.of(serial, Buffer.buffer(response), utc(signedAt)))
        .<Void>mapEmpty()
        .recover(failure -> SqlFailures.unavailable("the OCSP answer could not be kept", failure));
  }

  private static CertificateState state(Row row) {
    Optional<Revocation> revocation =
        row.getValue("revoked_at") == null ? Optional.empty() : Optional.of(revocation(row));
    return new CertificateState(
        row.getLong("serial"),
        row.getString("type"),
        row.getLong("person_id"),
        row.getString("lg_code"),
        row.getOffsetDateTime("not_after").toInstant(),
        revocation);
  }

  static Revocation revocation(Row row) {
    return new Revocation(
        row.getLong("serial"),
        row.getString("type"),
        row.getShort("shard"),
        row.getOffsetDateTime("revoked_at").toInstant(),
        row.getShort("reason"),
        row.getLong("revocation_seq"));
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
