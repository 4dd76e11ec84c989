package jp.jukihub.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDatabaseIT {
  @TempDir Path directory;

  @Test
  void should_run_durably_in_utf8_when_started() throws SQLException {
    try (EmbeddedDatabase database = EmbeddedDatabase.start(directory.resolve("pg"))) {
      DatabaseTarget target = database.target();
      assertThat(show(target, "fsync")).isEqualTo("on");
      assertThat(show(target, "synchronous_commit")).isEqualTo("on");
      assertThat(show(target, "full_page_writes")).isEqualTo("on");
      assertThat(show(target, "server_encoding")).isEqualTo("UTF8");
      assertThat(show(target, "server_version")).startsWith("15.");
    }
  }

  @Test
  void should_keep_schema_and_rows_when_restarted_on_the_same_directory() throws SQLException {
    Path data = directory.resolve("kept");
    try (Database database = Database.open(new DatabaseOptions(null, data, 4))) {
      execute(
          database.target(),
          "INSERT INTO public.nation_seed (seed, residents, as_of) VALUES (1, 2, '2026-04-01')");
    }
    assertThat(Files.exists(data.resolve("postmaster.pid"))).isFalse();
    try (Database database = Database.open(new DatabaseOptions(null, data, 4))) {
      assertThat(show(database.target(), "SELECT residents FROM public.nation_seed"))
          .isEqualTo("2");
    }
  }

  private static String show(DatabaseTarget target, String setting) throws SQLException {
    String sql = setting.startsWith("SELECT") ? setting : "SHOW " + setting;
    try (Connection connection = target.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    }
  }

  private static void execute(DatabaseTarget target, String sql) throws SQLException {
    try (Connection connection = target.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
