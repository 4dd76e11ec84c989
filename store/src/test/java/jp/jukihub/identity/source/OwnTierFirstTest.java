package jp.jukihub.identity.source;

import static jp.jukihub.identity.source.FakeTier.KEY;
import static jp.jukihub.identity.source.FakeTier.QUERY;
import static jp.jukihub.identity.source.FakeTier.candidates;
import static jp.jukihub.identity.source.FakeTier.found;
import static jp.jukihub.identity.source.NationalBreakerTest.unavailable;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OwnTierFirstTest {
  static final Found NATIONAL = found(1, 2, "current", ServedBy.NATIONAL);
  static final Found PREFECTURE = found(1, 2, "current", ServedBy.PREFECTURE);
  static final Found MUNICIPAL = found(1, 2, "current", ServedBy.MUNICIPAL);

  final FakeTier prefecture = new FakeTier().finding(PREFECTURE);
  final FakeTier municipal = new FakeTier().finding(MUNICIPAL);
  final FakeTier national = new FakeTier().finding(NATIONAL);

  @Test
  void should_read_the_national_tier_when_the_caller_has_no_own_tier() {
    assertThat(source().find(KEY, Reach.NONE).result()).contains(NATIONAL);
    assertThat(prefecture.reads + municipal.reads).isZero();
  }

  @Test
  void should_read_a_prefectures_own_server_for_its_residents() {
    assertThat(source().find(KEY, Reach.prefecture("13")).result()).contains(PREFECTURE);
    assertThat(prefecture.lastReach).isEqualTo(Reach.prefecture("13"));
    assertThat(national.reads).isZero();
  }

  @Test
  void should_read_a_municipalitys_own_records_for_its_residents() {
    assertThat(source().find(KEY, Reach.municipality("131016")).result()).contains(MUNICIPAL);
    assertThat(national.reads).isZero();
  }

  @Test
  void should_read_the_national_tier_for_others_without_the_callers_area() {
    OwnTierFirst source = new OwnTierFirst(new FakeTier().findingNobody(), municipal, national);

    assertThat(source.find(KEY, Reach.prefecture("13")).result()).contains(NATIONAL);
    assertThat(national.lastReach).isEqualTo(Reach.NONE);
  }

  @Test
  void should_read_the_national_tier_when_the_own_tier_fails() {
    FakeTier failing = new FakeTier().failing(unavailable());

    assertThat(
            new OwnTierFirst(prefecture, failing, national)
                .find(KEY, Reach.municipality("131016"))
                .result())
        .contains(NATIONAL);
  }

  @Test
  void should_search_the_own_tier_named_and_else_the_national_tier() {
    FakeTier searchPrefecture = new FakeTier().searching(candidates(ServedBy.PREFECTURE));
    FakeTier searchMunicipal = new FakeTier().searching(candidates(ServedBy.MUNICIPAL));
    FakeTier searchNational = new FakeTier().searching(candidates(ServedBy.NATIONAL));
    OwnTierSearch search = new OwnTierSearch(searchPrefecture, searchMunicipal, searchNational);

    assertThat(search.search(QUERY, Reach.prefecture("13"), 5).result().servedBy())
        .isEqualTo(ServedBy.PREFECTURE);
    assertThat(search.search(QUERY, Reach.municipality("131016"), 5).result().servedBy())
        .isEqualTo(ServedBy.MUNICIPAL);
    assertThat(search.search(QUERY, Reach.NONE, 5).result().servedBy())
        .isEqualTo(ServedBy.NATIONAL);
  }

  private OwnTierFirst source() {
    return new OwnTierFirst(prefecture, municipal, national);
  }
}
