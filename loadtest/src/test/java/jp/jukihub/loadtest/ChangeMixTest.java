package jp.jukihub.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import jp.jukihub.loadtest.ChangeMix.Event;
import org.junit.jupiter.api.Test;

class ChangeMixTest {
  @Test
  void should_move_the_share_asked_and_bury_more_than_are_born_when_drawing_many() {
    ChangeMix mix = new ChangeMix(0.8);
    SplittableRandom random = new SplittableRandom(7);
    Map<Event, Integer> counts = new EnumMap<>(Event.class);
    for (int i = 0; i < 100_000; i++) {
      counts.merge(mix.next(random), 1, Integer::sum);
    }

    assertThat(counts.get(Event.MOVE) / 100_000.0).isCloseTo(0.8, within(0.005));
    assertThat(counts.get(Event.DEATH)).isGreaterThan(counts.get(Event.BIRTH));
    assertThat(counts.get(Event.CORRECTION)).isGreaterThan(counts.get(Event.BIRTH));
  }

  @Test
  void should_refuse_a_move_share_when_it_is_outside_0_to_1() {
    assertThatThrownBy(() -> new ChangeMix(1.2)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void should_take_a_pooled_resident_and_move_to_another_municipality_when_the_event_is_a_move() {
    ResidentPool pool = new ResidentPool();
    for (MunicipalEvents.Municipality m : MunicipalEvents.DEMO) {
      pool.give(m.lgCode(), "1234567890" + m.lgCode().charAt(5));
    }
    Clock clock = Clock.fixed(Instant.parse("2026-04-01T00:00:00Z"), ZoneOffset.UTC);
    MunicipalEvents events =
        new MunicipalEvents(new ChangeMix(1), pool, new SplittableRandom(1), clock, "run-1");

    Map<String, Object> move = events.next();

    assertThat(move.get("event")).isEqualTo("move");
    assertThat(move.get("residentCode")).isNotEqualTo("");
    assertThat(move.get("destinationCode")).isNotEqualTo(move.get("lgCode"));
    assertThat(move.get("destinationBody")).isEqualTo("lg-" + move.get("destinationCode"));
    assertThat(move.get("plannedOn")).isEqualTo("2026-03-31");
    assertThat(new JsonObject((String) move.get("birth")).getString("birthDate"))
        .isLessThanOrEqualTo("2026-03-31");
    assertThat((String) move.get("moveKey")).startsWith("loadtest-run-1-");
    assertThat(pool.size((String) move.get("lgCode"))).isZero();
  }
}
