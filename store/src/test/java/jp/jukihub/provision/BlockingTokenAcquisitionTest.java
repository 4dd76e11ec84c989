package jp.jukihub.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The lane's JDBC acquisition runs {@link TokenAcquisition}'s own statements, their numbered
 * parameters turned positional: right only while each statement uses its parameters once, in order.
 */
class BlockingTokenAcquisitionTest {
  private static final Pattern NUMBERED = Pattern.compile("\\$(\\d+)");

  @Test
  void should_find_each_parameter_once_and_in_order_when_a_statement_is_shared() {
    for (String statement :
        List.of(
            TokenAcquisition.REMEMBER,
            TokenAcquisition.LINK,
            TokenAcquisition.ADDRESSED,
            TokenAcquisition.READDRESS,
            TokenAcquisition.DELIVER)) {
      List<Integer> numbers = new ArrayList<>();
      Matcher matcher = NUMBERED.matcher(statement);
      while (matcher.find()) {
        numbers.add(Integer.parseInt(matcher.group(1)));
      }
      assertThat(numbers)
          .as(statement)
          .isEqualTo(IntStream.rangeClosed(1, numbers.size()).boxed().toList());
    }
  }

  @Test
  void should_turn_numbered_parameters_into_question_marks_when_made_positional() {
    assertThat(BlockingTokenAcquisition.ADDRESSED)
        .isEqualTo(
            "SELECT token FROM intermediate.address WHERE body_id = ? AND unified_address_number = ?");
    assertThat(BlockingTokenAcquisition.positional("VALUES ($1, $2, $10)"))
        .isEqualTo("VALUES (?, ?, ?)");
  }
}
