package jp.jukihub.gateway.register;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.input.JsonInput;
import jp.jukihub.number.LgCode;
import jp.jukihub.number.ResidentCode;
import jp.jukihub.person.BirthDate;
import jp.jukihub.person.PersonName;
import jp.jukihub.person.Sex;
import jp.jukihub.register.ResidentRegister.Correction;
import jp.jukihub.register.ResidentRegister.Death;
import jp.jukihub.register.ResidentRegister.Destination;
import jp.jukihub.register.ResidentRegister.Household;
import jp.jukihub.register.ResidentRegister.MoveIn;
import jp.jukihub.register.ResidentRegister.MoveOut;
import jp.jukihub.register.ResidentRegister.NumberChange;
import jp.jukihub.register.ResidentRegister.Registration;

/**
 * The municipal flows' request bodies, each read and checked into the register's command: apart
 * from the routes, so that any body can be tried on them alone (MunicipalRequestsFuzzTest).
 */
final class MunicipalRequests {
  static final Set<String> REGISTRATION =
      Set.of("event", "name", "birthDate", "sex", "addressRest", "household", "effectiveOn");
  static final Set<String> MOVE_OUT = Set.of("residentCode", "plannedOn", "destination", "reason");
  static final Set<String> MOVE_IN =
      Set.of("certificateNumber", "residentCode", "movedInOn", "addressRest", "household");
  static final Set<String> CORRECTION =
      Set.of("name", "birthDate", "sex", "addressRest", "reason", "effectiveOn");
  static final Set<String> DEATH = Set.of("diedOn", "reason");
  static final Set<String> NUMBER_CHANGE = Set.of("reason", "effectiveOn");
  private static final Set<String> NAME = Set.of("kanji", "kana");
  private static final Set<String> HOUSEHOLD = Set.of("headResidentCode", "relationship");
  private static final Set<String> DESTINATION = Set.of("lgCode", "address");

  private MunicipalRequests() {}

  static Registration registration(JsonInput in, Clock clock) {
    String event = in.text("event");
    BirthDate birthDate = BirthDate.parse(in.text("birthDate"), clock);
    LocalDate registeredOn;
    String reason;
    switch (event) {
      case "birth" -> {
        reason = "出生";
        registeredOn = in.has("effectiveOn") ? in.pastDate("effectiveOn", clock) : birthDate.date();
      }
      case "moveInFromAbroad" -> {
        reason = "国外からの転入";
        registeredOn = in.pastDate("effectiveOn", clock);
      }
      default ->
          throw new HubException(
              ErrorCode.INVALID_REQUEST, "event: must be \"birth\" or \"moveInFromAbroad\"");
    }
    if (registeredOn.isBefore(birthDate.date())) {
      throw new HubException(ErrorCode.INVALID_REQUEST, "effectiveOn: before the birth date");
    }
    return new Registration(
        name(in.object("name", NAME)),
        birthDate,
        Sex.ofLabel(in.text("sex")),
        in.text("addressRest"),
        household(in),
        reason,
        registeredOn);
  }

  static MoveOut moveOut(JsonInput in, Clock clock) {
    JsonInput to = in.object("destination", DESTINATION);
    return new MoveOut(
        ResidentCode.of(in.text("residentCode")),
        in.date("plannedOn", clock),
        new Destination(to.optionalText("lgCode").map(LgCode::of), to.text("address")),
        in.optionalText("reason").orElse("転出"));
  }

  static MoveIn moveIn(JsonInput in, Clock clock) {
    return new MoveIn(
        in.text("certificateNumber"),
        ResidentCode.of(in.text("residentCode")),
        in.pastDate("movedInOn", clock),
        in.text("addressRest"),
        household(in));
  }

  static Correction correction(ResidentCode code, JsonInput in, Clock clock) {
    return new Correction(
        code,
        in.optionalObject("name", NAME).map(MunicipalRequests::name),
        in.optionalText("addressRest"),
        in.optionalText("sex").map(Sex::ofLabel),
        in.optionalText("birthDate").map(text -> BirthDate.parse(text, clock)),
        in.text("reason"),
        in.pastDate("effectiveOn", clock));
  }

  static Death death(ResidentCode code, JsonInput in, Clock clock) {
    return new Death(code, in.pastDate("diedOn", clock), in.optionalText("reason").orElse("死亡"));
  }

  static NumberChange numberChange(ResidentCode code, JsonInput in, Clock clock) {
    LocalDate effectiveOn =
        in.has("effectiveOn") ? in.pastDate("effectiveOn", clock) : LocalDate.now(clock);
    return new NumberChange(code, in.text("reason"), effectiveOn);
  }

  private static Household household(JsonInput in) {
    return in.optionalObject("household", HOUSEHOLD)
        .map(
            household -> {
              Optional<ResidentCode> head =
                  household.optionalText("headResidentCode").map(ResidentCode::of);
              if (head.isEmpty()) {
                return Household.ownHousehold();
              }
              return new Household(head, household.text("relationship"));
            })
        .orElse(Household.ownHousehold());
  }

  private static PersonName name(JsonInput name) {
    return new PersonName(name.text("kanji"), name.text("kana"));
  }
}
