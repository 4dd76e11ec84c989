package jp.jukihub.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.gateway.testing.FaultLoad.Answer;

/** What a fault test checks of the answers its {@link FaultLoad} got, and of the audit trail. */
public final class FaultChecks {
  private FaultChecks() {}

  /** Every answer 2xx, or 503 with the code of a dependency that is down: never 500, never none. */
  public static void assertOnlyOkOr503(List<Answer> answers) {
    List<Answer> wrong =
        answers.stream()
            .filter(
                answer ->
                    !answer.ok()
                        && !(answer.status() == 503
                            && List.of("AUDIT_UNAVAILABLE", "STORE_UNAVAILABLE")
                                .contains(answer.code())))
            .toList();
    assertThat(wrong)
        .as(
            "every request answered 2xx or 503 (none hung past the client's timeout, none 500): "
                + statuses(answers)
                + ", e.g. "
                + wrong.stream().limit(3).toList())
        .isEmpty();
  }

  /** Every 2xx answer's request id has its committed record in {@code audit.record}. */
  public static void assertEveryAnswerRecorded(DatabaseTarget database, List<Answer> answers)
      throws Exception {
    Set<String> answered =
        answers.stream().filter(Answer::ok).map(Answer::requestId).collect(Collectors.toSet());
    assertThat(answered).isNotEmpty();
    Set<String> recorded =
        found(database, "SELECT request_id FROM audit.record WHERE request_id = ANY (?)", answered);
    assertThat(answered).as("every 2xx answer has its committed audit record").isSubsetOf(recorded);
  }

  /** Which of {@code values} the query's one text-array parameter finds (its first column). */
  public static Set<String> found(DatabaseTarget database, String sql, Set<String> values)
      throws Exception {
    Set<String> found = new HashSet<>();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      Array array = connection.createArrayOf("text", values.toArray());
      select.setArray(1, array);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          found.add(rows.getString(1));
        }
      }
    }
    return found;
  }

  /** How many answers of each status and problem code, for a test's log line. */
  public static Map<String, Long> statuses(List<Answer> answers) {
    return answers.stream()
        .collect(
            Collectors.groupingBy(
                answer -> answer.status() + (answer.code() == null ? "" : " " + answer.code()),
                Collectors.counting()));
  }
}
