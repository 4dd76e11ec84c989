package jp.jukihub.jpki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.testing.TestDatabases;
import org.junit.jupiter.api.Test;

class RevocationSessionIT {
  private static final String REVOKED =
      "INSERT INTO jpki.certificate (serial, type, shard, person_id, person_version, lg_code,"
          + " not_before, not_after, revoked_at, reason, revocation_seq)"
          + " VALUES (?, 'sign', 3, 1, 1, '131016', now() - interval '1 day',"
          + " now() + interval '1 year', now(), 1, nextval('jpki.revocation_seq'))";

  @Test
  void should_hand_over_revocations_and_crl_entries_as_values_when_the_publisher_asks()
      throws Exception {
    DatabaseTarget database = TestDatabases.fresh();
    try (RevocationSession session = new RevocationSession(database)) {
      insertRevoked(database, 11);
      Instant now = Instant.now().plus(1, ChronoUnit.SECONDS);

      List<Revocation> unanswered = session.unanswered(10);
      assertThat(unanswered).extracting(Revocation::serial).containsExactly(11L);
      Revocation revocation = unanswered.get(0);
      session.save(
          List.of(new SignedResponse(11, new byte[] {1, 2}, Instant.now(), revocation.seq())));
      assertThat(session.unanswered(10)).isEmpty();

      Map<CrlScope, CrlLedger.Contents> contents = session.crlContents(now);
      CrlLedger.Contents shard = new CrlLedger.Contents(1, revocation.seq());
      assertThat(contents)
          .containsEntry(new CrlScope("sign", 3), shard)
          .containsEntry(new CrlScope("sign", CrlScope.WHOLE), shard);
      List<Long> listed = new ArrayList<>();
      assertThat(
              session.eachCrlEntry(
                  new CrlScope("sign", 3), now, (serial, at, reason) -> listed.add(serial)))
          .isEqualTo(shard);
      assertThat(listed).containsExactly(11L);
      // Numbers are taken once each, by whoever still saw the number before: a second node that
      // saw the same one finds it taken and serves the first one's CRL.
      CrlScope scope = new CrlScope("sign", 3);
      Instant thisUpdate = now.truncatedTo(ChronoUnit.SECONDS); // as the publisher takes it
      assertThat(session.claimCrlNumber(scope, 0, thisUpdate, shard)).hasValue(1);
      assertThat(session.claimCrlNumber(scope, 0, thisUpdate, shard)).isEmpty();
      assertThat(session.claimCrlNumber(scope, 1, thisUpdate, shard)).hasValue(2);
      assertThat(session.claimCrlNumber(scope, 1, thisUpdate, shard)).isEmpty();
      assertThat(session.issuedCrls())
          .containsEntry(scope, new CrlLedger.Issued(2, thisUpdate, shard));
    }
  }

  @Test
  void should_fail_with_store_unavailable_then_reconnect_when_its_connection_is_killed()
      throws Exception {
    DatabaseTarget database = TestDatabases.fresh();
    try (RevocationSession session = new RevocationSession(database)) {
      assertThat(session.unanswered(10)).isEmpty();
      TestDatabases.scalar(
          TestDatabases.server(),
          "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = ?",
          database.database());

      assertThatThrownBy(() -> session.unanswered(10))
          .isInstanceOfSatisfying(
              HubException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE);
                assertThat(e.detail()).startsWith("the certificate store failed (SQL state ");
              });
      insertRevoked(database, 12);
      assertThat(session.unanswered(10)).extracting(Revocation::serial).containsExactly(12L);
    }
  }

  @Test
  void should_fail_with_store_unavailable_naming_the_sql_state_when_nothing_listens()
      throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    DatabaseTarget nowhere = new DatabaseTarget("127.0.0.1", closed, "none", "none", null);
    try (RevocationSession session = new RevocationSession(nowhere)) {
      assertThatThrownBy(() -> session.crlContents(Instant.now()))
          .isInstanceOf(HubException.class)
          .hasMessage("the certificate store failed (SQL state 08001)");
    }
  }

  private static void insertRevoked(DatabaseTarget database, long serial) throws SQLException {
    TestDatabases.scalar(database, REVOKED + " RETURNING serial", serial);
  }
}
