package jp.jukihub.gateway.jpki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import jp.jukihub.person.Sex;
import org.junit.jupiter.api.Test;

class JpkiCardHolderTest {
  private static final CardHolder HOLDER = JpkiFixture.HOLDER;

  @Test
  void should_print_none_of_the_4_info_when_logged() {
    assertThat(HOLDER.toString())
        .doesNotContain("山田", "花子", "東京都", "1985", "FEMALE", "female")
        .isEqualTo("CardHolder(***)");
  }

  @Test
  void should_refuse_an_empty_name_or_address_without_echoing_the_other_values() {
    assertThatThrownBy(
            () -> new CardHolder(" ", Sex.MALE, LocalDate.of(1985, 4, 12), HOLDER.address()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("東京都");
    assertThatThrownBy(() -> new CardHolder(HOLDER.name(), Sex.MALE, LocalDate.of(1985, 4, 12), ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("山田");
    assertThatThrownBy(
            () -> new CardHolder(HOLDER.name(), null, LocalDate.of(1985, 4, 12), HOLDER.address()))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new CardHolder(HOLDER.name(), Sex.MALE, null, HOLDER.address()))
        .isInstanceOf(NullPointerException.class);
  }
}
