package jp.jukihub.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as operators use it: real arguments, real exit codes, a real database. */
public class HubCommandIT {
  @TempDir Path directory;

  public record Result(int exitCode, String out, String err) {}

  public static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = HubCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void should_agree_with_every_shared_vector_when_checking_many_values_in_one_call()
      throws IOException {
    for (String kind : new String[] {"individual", "corporate"}) {
      List<String[]> rows =
          vectors("/vectors/mynumber_vectors.csv").stream()
              .filter(row -> row[1].equals(kind))
              .toList();
      List<String> args =
          new ArrayList<>(List.of("check", kind.equals("individual") ? "mynumber" : "corporate"));
      rows.forEach(row -> args.add(row[0]));
      Result result = run(args.toArray(String[]::new));
      List<String> lines = result.out().lines().toList();
      assertThat(lines).hasSize(rows.size());
      for (int i = 0; i < rows.size(); i++) {
        String number = rows.get(i)[0];
        boolean valid = Boolean.parseBoolean(rows.get(i)[2]);
        if (valid) {
          assertThat(lines.get(i)).isEqualTo(number + " valid");
        } else {
          assertThat(lines.get(i)).startsWith(number + " invalid: check digit: ");
        }
      }
      boolean anyInvalid = rows.stream().anyMatch(row -> !Boolean.parseBoolean(row[2]));
      assertThat(result.exitCode()).isEqualTo(anyInvalid ? 1 : 0);
    }
    for (String[] row : vectors("/vectors/lgcode_checkdigit_vectors.csv")) {
      Result result = run("check", "lgcode", row[0]);
      boolean valid = Boolean.parseBoolean(row[1]);
      assertThat(result.exitCode()).isEqualTo(valid ? 0 : 1);
      assertThat(result.out().strip())
          .startsWith(row[0] + (valid ? " valid" : " invalid: check digit:"));
    }
  }

  @Test
  void should_exit_0_only_when_every_value_is_valid_and_say_which_check_failed() {
    assertThat(run("check", "mynumber", "372967742338", "292175895982").exitCode()).isZero();
    Result mixed = run("check", "mynumber", "372967742338", "37296774233", "3729677423a8");
    assertThat(mixed.exitCode()).isEqualTo(1);
    assertThat(mixed.out().lines())
        .containsExactly(
            "372967742338 valid",
            "37296774233 invalid: length: My Number must be 12 digits, got 11 characters",
            "3729677423a8 invalid: non-digit: My Number must contain only digits 0-9 (position 11)");
  }

  @Test
  void should_exit_2_with_usage_when_arguments_are_wrong() {
    assertThat(run("check", "planet", "1").exitCode()).isEqualTo(2);
    assertThat(run("check", "mynumber").exitCode()).isEqualTo(2);
    assertThat(run("seed").exitCode()).isEqualTo(2);
    assertThat(run("sample", "--count", "0").exitCode()).isEqualTo(2);
    assertThat(run("sample", "--count", "5", "--prefecture", "48").exitCode()).isEqualTo(2);
    assertThat(run("frobnicate").exitCode()).isEqualTo(2);
    Result none = run();
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).contains("Usage");
  }

  @Test
  void should_seed_then_sample_existing_numbers_when_given_an_external_database()
      throws IOException {
    DatabaseTarget target = TestDatabases.fresh();
    Path config = directory.resolve("hub.yaml");
    Files.writeString(
        config,
        "data:\n  directory: "
            + directory.resolve("data")
            + "\ndatabase:\n  url: "
            + target.uriWithPassword()
            + "\n");
    Result seeded =
        run("seed", "--config", config.toString(), "--residents", "3000", "--seed", "9");
    assertThat(seeded.exitCode()).as(seeded.err()).isZero();
    assertThat(seeded.out()).contains("seeded 3,000 residents");
    assertThat(seeded.err()).contains("%").contains("ETA");
    assertThat(Files.exists(directory.resolve("data/keys/jlis-number.key"))).isTrue();

    Result again = run("seed", "--config", config.toString(), "--residents", "3000");
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).contains("--replace");

    Result sampled =
        run("sample", "--config", config.toString(), "--count", "7", "--prefecture", "27");
    assertThat(sampled.exitCode()).isZero();
    List<String> lines = sampled.out().lines().toList();
    assertThat(lines).hasSize(7).allSatisfy(line -> assertThat(line).matches("\\d{12} 27\\d{4}"));
    String[] numbers = lines.stream().map(line -> line.substring(0, 12)).toArray(String[]::new);
    List<String> args = new ArrayList<>(List.of("check", "mynumber"));
    args.addAll(List.of(numbers));
    assertThat(run(args.toArray(String[]::new)).exitCode()).isZero();
  }

  private static List<String[]> vectors(String resource) throws IOException {
    try (InputStream in = HubCommandIT.class.getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .skip(1)
          .map(line -> line.split(",", -1))
          .toList();
    }
  }
}
