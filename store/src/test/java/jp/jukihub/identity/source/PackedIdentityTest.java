package jp.jukihub.identity.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import jp.jukihub.identity.IdentityRecord;
import jp.jukihub.number.LgCode;
import jp.jukihub.person.Sex;
import org.junit.jupiter.api.Test;

class PackedIdentityTest {
  static final LgCode CHIYODA = LgCode.of("131016");

  @Test
  void should_unpack_the_record_it_packed_every_field_alike() {
    IdentityRecord record =
        new IdentityRecord(
            42L,
            CHIYODA,
            "12345678901",
            "123456789018",
            "髙橋　𠮷子",
            "タカハシ　ヨシコ",
            LocalDate.of(1868, 1, 1),
            Sex.FEMALE,
            "千代田一丁目1番1号 ハイツ𠀋101",
            "resident",
            7,
            Instant.parse("2026-12-07T08:15:30.123456789Z"),
            "correction",
            "記載事項の修正",
            LocalDate.of(2026, 12, 1));

    assertThat(PackedIdentity.of(record).unpack()).isEqualTo(record);
    assertThat(PackedIdentity.of(record).personId()).isEqualTo(42L);
  }

  @Test
  void should_keep_absent_fields_absent_and_empty_ones_empty() {
    IdentityRecord record =
        new IdentityRecord(
            1L, null, "", null, "", null, null, null, null, "", 0, null, null, "", null);

    assertThat(PackedIdentity.of(record).unpack()).isEqualTo(record);
  }

  @Test
  void should_share_a_municipalitys_code_between_its_residents() {
    IdentityRecord one = withMunicipality(LgCode.of("131016"));
    IdentityRecord other = withMunicipality(LgCode.of("131016"));

    assertThat(PackedIdentity.of(one).unpack().municipality())
        .isSameAs(PackedIdentity.of(other).unpack().municipality());
  }

  private static IdentityRecord withMunicipality(LgCode code) {
    return new IdentityRecord(
        1L, code, "1", "2", "名", "メイ", null, Sex.MALE, "", "resident", 1, null, null, null, null);
  }
}
