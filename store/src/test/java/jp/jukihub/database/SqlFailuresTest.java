package jp.jukihub.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.Test;

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
}
