package jp.jukihub.register;

import io.vertx.core.Future;
import java.time.LocalDate;
import java.util.Optional;
import jp.jukihub.number.LgCode;
import jp.jukihub.number.ResidentCode;
import jp.jukihub.person.BirthDate;
import jp.jukihub.person.PersonName;
import jp.jukihub.person.Sex;

/**
 * The municipal writes (異動届): each is one transaction in the municipal tier that changes the
 * record, appends its history and its outbox event, and stores its answer under the caller's
 * idempotency key when there is one. Failures are {@link jp.jukihub.error.HubException}s and write
 * nothing.
 */
public interface ResidentRegister {
  /** A birth or a move-in from abroad: a new person, a resident code and a My Number. */
  Future<RegisterAnswer> register(
      LgCode municipality, Registration registration, Optional<IdempotencyKey> key);

  /** A move-out: closes the record and returns the move-out certificate. */
  Future<RegisterAnswer> moveOut(
      LgCode municipality, MoveOut moveOut, Optional<IdempotencyKey> key);

  /**
   * A move-in with a move-out certificate; the former municipality receives the transfer notice.
   */
  Future<RegisterAnswer> moveIn(LgCode municipality, MoveIn moveIn, Optional<IdempotencyKey> key);

  Future<RegisterAnswer> correct(
      LgCode municipality, Correction correction, Optional<IdempotencyKey> key);

  Future<RegisterAnswer> recordDeath(
      LgCode municipality, Death death, Optional<IdempotencyKey> key);

  /** A leaked number: J-LIS issues a new one; the old one stays in history and resolves nothing. */
  Future<RegisterAnswer> changeMyNumber(
      LgCode municipality, NumberChange change, Optional<IdempotencyKey> key);

  /** Which household a new record joins: its own (as head) or a current resident's. */
  record Household(Optional<ResidentCode> head, String relationship) {
    public static final String HEAD = "世帯主";

    public static Household ownHousehold() {
      return new Household(Optional.empty(), HEAD);
    }
  }

  /** 転出先: the municipality, when the person moves inside Japan, and the address. */
  record Destination(Optional<LgCode> municipality, String address) {}

  record Registration(
      PersonName name,
      BirthDate birthDate,
      Sex sex,
      String addressRest,
      Household household,
      String reason,
      LocalDate registeredOn) {}

  record MoveOut(
      ResidentCode residentCode, LocalDate plannedOn, Destination destination, String reason) {}

  record MoveIn(
      String certificateNumber,
      ResidentCode residentCode,
      LocalDate movedInOn,
      String addressRest,
      Household household) {}

  /** Corrections of the 4 info; an empty field is left as it is. */
  record Correction(
      ResidentCode residentCode,
      Optional<PersonName> name,
      Optional<String> addressRest,
      Optional<Sex> sex,
      Optional<BirthDate> birthDate,
      String reason,
      LocalDate effectiveOn) {}

  record Death(ResidentCode residentCode, LocalDate diedOn, String reason) {}

  record NumberChange(ResidentCode residentCode, String reason, LocalDate effectiveOn) {}
}
