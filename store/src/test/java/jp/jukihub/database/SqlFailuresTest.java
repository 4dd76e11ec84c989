package jp.jukihub.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.pgclient.PgException;
import java.sql.SQLException;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

class SqlFailuresTest {
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
