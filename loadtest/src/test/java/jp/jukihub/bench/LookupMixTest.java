package jp.jukihub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LookupMixTest {
  static final LookupMix MIX =
      new LookupMix(List.of("h0", "h1", "h2"), List.of("c0", "c1", "c2", "c3"));

  @Test
  void should_ask_for_a_cold_number_every_tenth_request_and_cycle_the_hot_list_otherwise() {
    List<String> first = LongStream.rangeClosed(1, 20).mapToObj(n -> MIX.number(n, 0)).toList();

    assertThat(first)
        .containsExactly(
            "h0", "h1", "h2", "h0", "h1", "h2", "h0", "h1", "h2", "c1", "h0", "h1", "h2", "h0",
            "h1", "h2", "h0", "h1", "h2", "c2");
  }

  @Test
  void
      should_start_the_next_run_past_the_cold_numbers_the_last_one_used_when_given_its_request_count() {
    long offset = MIX.coldOffsetAfter(0, 20);

    assertThat(MIX.number(10, offset)).isNotIn("c1", "c2").isEqualTo("c0");
  }

  @Test
  void should_build_bodies_of_one_length_whatever_the_number() {
    assertThat(LookupMix.body("000000000000")).hasSameSizeAs(LookupMix.body("987654321098"));
    assertThat(LookupMix.body("123456789012"))
        .isEqualTo("{\"affair\":\"t1-national-pension\",\"myNumber\":\"123456789012\"}");
  }
}
