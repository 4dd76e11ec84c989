package jp.jukihub.nation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResidentAllocationTest {
  private static final List<Municipality> PLACES = MunicipalityCatalog.load().inhabited();

  @Test
  void should_leave_out_prefectures_designated_cities_and_empty_villages() {
    assertThat(PLACES)
        .noneMatch(m -> m.kind().equals("prefecture") || m.kind().equals("designated_city"));
    assertThat(PLACES).noneMatch(m -> m.population() == 0);
    // 772 cities + 23 special wards + 743 towns + 189 villages + 171 wards - 6 empty villages
    // (Hamamatsu's three new wards included, sharing the city's figures).
    assertThat(PLACES).hasSize(1892);
  }

  @Test
  void should_add_up_to_exactly_the_requested_total() {
    for (long total : new long[] {1, 999, 1892, 100_000, 1_234_567}) {
      assertThat(Arrays.stream(ResidentAllocation.allocate(PLACES, total)).sum()).isEqualTo(total);
    }
  }

  @Test
  void should_follow_population_after_one_each_when_allocating_a_million() {
    long[] counts = ResidentAllocation.allocate(PLACES, 1_000_000);
    long population = PLACES.stream().mapToLong(Municipality::population).sum();
    long proportional = 1_000_000 - PLACES.size();
    for (int i = 0; i < PLACES.size(); i++) {
      double expected = 1 + (double) proportional * PLACES.get(i).population() / population;
      assertThat((double) counts[i]).isCloseTo(expected, org.assertj.core.data.Offset.offset(1.01));
    }
  }
}
