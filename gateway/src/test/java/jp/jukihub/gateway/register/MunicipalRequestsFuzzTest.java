package jp.jukihub.gateway.register;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Set;
import jp.jukihub.gateway.input.CleanRefusals;
import jp.jukihub.gateway.input.FuzzedBody;
import jp.jukihub.number.ResidentCode;

/**
 * Any body of a municipal flow (registration, move out, move in, correction, death, My Number
 * change) becomes the register's command or is refused as a client's error that repeats none of the
 * caller's text. The input is the reader's name, a newline and the body. Runs its seed corpus in
 * every build; {@code JAZZER_FUZZ=1 ./mvnw -o -pl gateway test -Dtest=MunicipalRequestsFuzzTest}
 * fuzzes for real.
 */
class MunicipalRequestsFuzzTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-07T00:00:00Z"), ZoneId.of("Asia/Tokyo"));
  private static final ResidentCode SUBJECT = ResidentCode.fromBase(1_234_567_890L);
  private static final Set<String> NAMES = new HashSet<>();

  static {
    for (Set<String> fields :
        Set.of(
            MunicipalRequests.REGISTRATION,
            MunicipalRequests.MOVE_OUT,
            MunicipalRequests.MOVE_IN,
            MunicipalRequests.CORRECTION,
            MunicipalRequests.DEATH,
            MunicipalRequests.NUMBER_CHANGE)) {
      NAMES.addAll(fields);
    }
    NAMES.addAll(Set.of("kanji", "kana", "headResidentCode", "relationship", "lgCode", "address"));
  }

  @FuzzTest(maxDuration = "10s")
  void should_read_or_refuse_cleanly_when_given_any_body(FuzzedDataProvider data) {
    String input = data.consumeRemainingAsString();
    CleanRefusals.readOrRefuseCleanly(
        input, MunicipalRequestsFuzzTest::read, FuzzedBody.of(input).texts(), NAMES);
  }

  /** Reads {@code raw} as the named reader's route reads its body. */
  private static void read(String raw) {
    FuzzedBody input = FuzzedBody.of(raw);
    switch (input.reader()) {
      case "registration" ->
          MunicipalRequests.registration(input.read(MunicipalRequests.REGISTRATION), CLOCK);
      case "moveOut" -> MunicipalRequests.moveOut(input.read(MunicipalRequests.MOVE_OUT), CLOCK);
      case "moveIn" -> MunicipalRequests.moveIn(input.read(MunicipalRequests.MOVE_IN), CLOCK);
      case "correction" ->
          MunicipalRequests.correction(SUBJECT, input.read(MunicipalRequests.CORRECTION), CLOCK);
      case "death" -> MunicipalRequests.death(SUBJECT, input.read(MunicipalRequests.DEATH), CLOCK);
      case "numberChange" ->
          MunicipalRequests.numberChange(
              SUBJECT, input.read(MunicipalRequests.NUMBER_CHANGE), CLOCK);
      default -> {
        // no such reader: nothing to try
      }
    }
  }
}
