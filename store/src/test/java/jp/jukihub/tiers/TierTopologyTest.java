package jp.jukihub.tiers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import jp.jukihub.database.DatabaseTarget;
import org.junit.jupiter.api.Test;

class TierTopologyTest {
  static final DatabaseTarget HUB = new DatabaseTarget("db", 5432, "jukihub", "hub", null);
  static final DatabaseTarget OSAKA = new DatabaseTarget("osaka-db", 5432, "pref", "hub", null);
  static final DatabaseTarget KANTO = new DatabaseTarget("kanto-db", 5432, "pref", "hub", null);

  @Test
  void should_put_every_tier_in_the_hub_database_by_default() {
    TierTopology topology = TierTopology.of(HUB, HUB, HUB, Map.of());

    assertThat(topology.prefectures()).hasSize(1);
    assertThat(topology.groupOf("01").holdsAll()).isTrue();
    assertThat(topology.databases()).containsExactly(HUB);
  }

  @Test
  void should_move_the_listed_prefectures_to_their_own_databases_and_keep_the_rest() {
    TierTopology topology = TierTopology.of(HUB, HUB, HUB, Map.of("27", OSAKA, "13,14", KANTO));

    assertThat(topology.groupOf("27").target()).isEqualTo(OSAKA);
    assertThat(topology.groupOf("14").target()).isEqualTo(KANTO);
    assertThat(topology.groupOf("01").target()).isEqualTo(HUB);
    assertThat(topology.groupOf("01").holdsAll()).isFalse();
    assertThat(topology.databases()).containsExactlyInAnyOrder(HUB, OSAKA, KANTO);
  }

  @Test
  void should_name_half_of_japan_on_one_server_by_its_runs_and_keep_short_names_as_they_were() {
    StringBuilder first = new StringBuilder();
    StringBuilder second = new StringBuilder("24");
    for (int code = 1; code <= 23; code++) {
      first.append(first.length() == 0 ? "" : ",").append(String.format("%02d", code));
    }
    for (int code = 25; code <= 47; code++) {
      second.append(",").append(code);
    }
    TierTopology topology =
        TierTopology.of(HUB, HUB, HUB, Map.of(first.toString(), OSAKA, second.toString(), KANTO));

    assertThat(topology.groupOf("01").name()).isEqualTo("pref-01to23");
    assertThat(topology.groupOf("47").name()).isEqualTo("pref-24to47");
    assertThat(TierTopology.groupName(new java.util.TreeSet<>(java.util.List.of("13", "14"))))
        .as("as lanes' cursors were always named")
        .isEqualTo("pref-13-14");
    assertThat(
            TierTopology.groupName(
                new java.util.TreeSet<>(
                    java.util.List.of(
                        "01", "02", "03", "05", "07", "08", "09", "10", "11", "12", "13"))))
        .isEqualTo("pref-01to03-05-07to13");
  }

  @Test
  void should_refuse_unknown_codes_and_two_groups_on_one_database() {
    assertThatThrownBy(() -> TierTopology.of(HUB, HUB, HUB, Map.of("48", OSAKA)))
        .hasMessageContaining("no prefecture has code 48");
    assertThatThrownBy(() -> TierTopology.of(HUB, HUB, HUB, Map.of("13", KANTO, "14", KANTO)))
        .hasMessageContaining("share the database");
    assertThatThrownBy(() -> TierTopology.of(HUB, HUB, HUB, Map.of("13", HUB)))
        .hasMessageContaining("share the database");
  }

  @Test
  void should_read_invalidation_payloads_without_trusting_their_shape() {
    IdentityInvalidations.Invalidation some = IdentityInvalidations.parse("national:1,2,3");
    IdentityInvalidations.Invalidation everyone = IdentityInvalidations.parse("prefecture:*");

    assertThat(some.tier()).isEqualTo("national");
    assertThat(some.personIds()).containsExactly(1, 2, 3);
    assertThat(some.everything()).isFalse();
    assertThat(everyone.everything()).isTrue();
  }
}
