package jp.jukihub.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AuditEventTest {
  @Test
  void should_accept_only_identifiers_as_field_names_when_names_are_random() {
    Pattern identifier = Pattern.compile("[A-Za-z][A-Za-z0-9.-]{0,63}");
    Random random = new Random(7L);
    String alphabet = "aZ09.-_ 1\u30A2";
    for (int i = 0; i < 100_000; i++) {
      StringBuilder name = new StringBuilder();
      int length = random.nextInt(i % 10 == 0 ? 70 : 8);
      for (int j = 0; j < length; j++) {
        name.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String text = name.toString();
      assertThat(AuditEvent.isFieldName(text))
          .as(text)
          .isEqualTo(identifier.matcher(text).matches());
    }
    assertThat(AuditEvent.isFieldName("myNumber")).isTrue();
    assertThat(AuditEvent.isFieldName("123456789012")).isFalse();
  }
}
