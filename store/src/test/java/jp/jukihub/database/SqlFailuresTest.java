package jp.jukihub.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.pgclient.PgException;
import java.sql.SQLException;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

class SqlFailuresTest {
  @ParameterizedTest
  @CsvSource({
    "57P01, true", // admin_shutdown: the server is stopping
    "57P03, true", // cannot_connect_now: starting up or shutting down
    "08006, true", // connection_failure
    "53100, true", // disk_full
    "58030, true", // io_error
    "23505, false", // unique_violation: the statement is wrong
    "42P01, false", // undefined_table
    "40001, false" // serialization_failure: the caller's to retry, not an outage
  })
  void should_call_a_refusal_an_outage_when_the_server_cannot_serve_now(
      String state, boolean outage) {
    assertThat(SqlFailures.isOutage(state)).isEqualTo(outage);
  }

  @Test
  void should_keep_the_sql_state_and_drop_the_values_a_server_message_quotes() {
    PgException refusal =
        new PgException(
            "duplicate key value violates unique constraint \"identity_my_number_key\"",
            "ERROR",
            "23505",
            "Key (my_number)=(123456789018) already exists.");

    Throwable logged = SqlFailures.withoutValues(refusal);

    assertThat(logged.getMessage()).contains("23505").doesNotContain("123456789018");
    assertThat(logged.getCause()).isNull();
  }

  @Test
  void should_keep_the_sql_state_and_drop_the_values_when_a_jdbc_statement_is_refused() {
    PSQLException refusal =
        new PSQLException(
            new ServerErrorMessage(
                "SERROR\0C23505\0Mduplicate key value violates unique constraint"
                    + " \"identity_my_number_key\"\0DKey (my_number)=(123456789018) already exists.\0"
                    + "snational\0tidentity\0nidentity_my_number_key\0"));

    HubException failure = SqlFailures.storeUnavailable("the nation could not be loaded", refusal);

    assertThat(failure.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE);
    assertThat(failure.detail()).isEqualTo("the nation could not be loaded (SQL state 23505)");
    assertThat(failure.getCause().getMessage())
        .contains("23505", "national.identity", "identity_my_number_key")
        .doesNotContain("123456789018");
  }

  @Test
  void should_name_the_sql_state_when_a_jdbc_connection_fails() {
    SQLException broken = new SQLException("An I/O error occurred while sending", "08006");

    HubException failure = SqlFailures.storeUnavailable("the certificate store failed", broken);

    assertThat(failure.detail()).isEqualTo("the certificate store failed (SQL state 08006)");
    assertThat(failure.getCause()).isSameAs(broken);
  }
}
