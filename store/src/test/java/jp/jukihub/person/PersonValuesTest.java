package jp.jukihub.person;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.number.LgCode;
import org.junit.jupiter.api.Test;

class PersonValuesTest {
  private static final Clock TODAY =
      Clock.fixed(Instant.parse("2026-11-24T03:00:00Z"), ZoneId.of("Asia/Tokyo"));

  @Test
  void should_join_surname_and_given_name_with_an_ideographic_space() {
    PersonName name = PersonName.of("佐藤", "一郎", "サトウ", "イチロウ");
    assertThat(name.kanji()).isEqualTo("佐藤\u3000一郎");
    assertThat(name.kana()).isEqualTo("サトウ\u3000イチロウ");
    assertThat(name.toString()).doesNotContain("佐藤");
  }

  @Test
  void should_reject_kana_name_when_it_is_written_in_hiragana() {
    assertThatThrownBy(() -> new PersonName("佐藤", "さとう"))
        .isInstanceOfSatisfying(
            HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PERSON))
        .hasMessageStartingWith("kana name:");
  }

  @Test
  void should_reject_birth_date_when_it_is_impossible_or_in_the_future() {
    assertThatThrownBy(() -> BirthDate.parse("2023-02-29", TODAY))
        .hasMessageContaining("real date");
    assertThatThrownBy(() -> BirthDate.parse("2026-11-25", TODAY)).hasMessageContaining("future");
    assertThatThrownBy(() -> BirthDate.parse("1867-12-31", TODAY)).hasMessageContaining("before");
    assertThat(BirthDate.parse("2026-11-24", TODAY).date()).isEqualTo(LocalDate.of(2026, 11, 24));
  }

  @Test
  void should_compute_age_on_a_given_day() {
    BirthDate born = new BirthDate(LocalDate.of(1990, 11, 25));
    assertThat(born.ageOn(LocalDate.of(2026, 11, 24))).isEqualTo(35);
    assertThat(born.ageOn(LocalDate.of(2026, 11, 25))).isEqualTo(36);
  }

  @Test
  void should_refuse_a_prefecture_code_as_an_address() {
    assertThatThrownBy(() -> new Address(LgCode.of("130001"), "丸の内1丁目"))
        .hasMessageContaining("municipality");
    assertThat(new Address(LgCode.of("131016"), " 丸の内1丁目1番1号 ").rest()).isEqualTo("丸の内1丁目1番1号");
  }

  @Test
  void should_map_sex_codes_both_ways() {
    assertThat(Sex.ofCode(2)).isEqualTo(Sex.FEMALE);
    assertThat(Sex.ofLabel("male").code()).isEqualTo(1);
    assertThatThrownBy(() -> Sex.ofCode(9)).hasMessageStartingWith("sex:");
  }
}
