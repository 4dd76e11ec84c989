package jp.jukihub.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Development identity runs only on the embedded database or a development one on loopback. */
class DatabaseOptionsTest {
  private static final Path DATA = Path.of("data", "pg");

  @Test
  void should_allow_development_on_the_embedded_database_or_a_marked_one_on_loopback() {
    assertThat(new DatabaseOptions(null, DATA, 4).forDevelopment()).isTrue();
    assertThat(new DatabaseOptions("postgresql://hub@127.0.0.1/dev", DATA, 4).forDevelopment())
        .as("a database URL is not for development unless marked")
        .isFalse();
    assertThat(
            new DatabaseOptions("postgresql://hub@127.0.0.1/dev", DATA, 4, false, true)
                .forDevelopment())
        .isTrue();
  }

  @Test
  void should_refuse_to_mark_a_remote_database_as_a_development_one() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new DatabaseOptions("postgresql://hub@db.example.jp/jukihub", DATA, 4, false, true))
        .withMessageContaining("loopback");
  }
}
