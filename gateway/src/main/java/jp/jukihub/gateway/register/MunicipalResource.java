package jp.jukihub.gateway.register;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.input.JsonInput;
import jp.jukihub.gateway.pipeline.RequestContext;
import jp.jukihub.number.LgCode;
import jp.jukihub.number.ResidentCode;
import jp.jukihub.person.BirthDate;
import jp.jukihub.person.PersonName;
import jp.jukihub.person.Sex;
import jp.jukihub.register.IdempotencyKey;
import jp.jukihub.register.RegisterAnswer;
import jp.jukihub.register.ResidentRecords;
import jp.jukihub.register.ResidentRegister;
import jp.jukihub.register.ResidentRegister.Correction;
import jp.jukihub.register.ResidentRegister.Death;
import jp.jukihub.register.ResidentRegister.Destination;
import jp.jukihub.register.ResidentRegister.Household;
import jp.jukihub.register.ResidentRegister.MoveIn;
import jp.jukihub.register.ResidentRegister.MoveOut;
import jp.jukihub.register.ResidentRegister.NumberChange;
import jp.jukihub.register.ResidentRegister.Registration;

/**
 * The municipal flows under {@code /v1/municipalities/{lgCode}}: served only to that municipality
 * itself. Each handler reads and checks its request, then hands one command to the register; the
 * answer names its subject so the audit record says whose record was touched.
 */
final class MunicipalResource {
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  private static final Set<String> NAME = Set.of("kanji", "kana");
  private static final Set<String> HOUSEHOLD = Set.of("headResidentCode", "relationship");

  private final ResidentRegister register;
  private final ResidentRecords records;
  private final Clock clock;

  MunicipalResource(ResidentRegister register, ResidentRecords records, Clock clock) {
    this.register = register;
    this.records = records;
    this.clock = clock;
  }

  Future<JsonObject> register(RequestContext request) {
    LgCode lg = municipality(request);
    JsonInput in =
        JsonInput.of(
            request.routing(),
            Set.of("event", "name", "birthDate", "sex", "addressRest", "household", "effectiveOn"));
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
    Registration registration =
        new Registration(
            name(in.object("name", NAME)),
            birthDate,
            Sex.ofLabel(in.text("sex")),
            in.text("addressRest"),
            household(in),
            reason,
            registeredOn);
    return answered(request, register.register(lg, registration, requiredKey(request)));
  }

  Future<JsonObject> moveOut(RequestContext request) {
    LgCode lg = municipality(request);
    JsonInput in =
        JsonInput.of(
            request.routing(), Set.of("residentCode", "plannedOn", "destination", "reason"));
    JsonInput to = in.object("destination", Set.of("lgCode", "address"));
    MoveOut moveOut =
        new MoveOut(
            ResidentCode.of(in.text("residentCode")),
            in.date("plannedOn", clock),
            new Destination(to.optionalText("lgCode").map(LgCode::of), to.text("address")),
            in.optionalText("reason").orElse("転出"));
    return answered(request, register.moveOut(lg, moveOut, requiredKey(request)));
  }

  Future<JsonObject> moveIn(RequestContext request) {
    LgCode lg = municipality(request);
    JsonInput in =
        JsonInput.of(
            request.routing(),
            Set.of("certificateNumber", "residentCode", "movedInOn", "addressRest", "household"));
    MoveIn moveIn =
        new MoveIn(
            in.text("certificateNumber"),
            ResidentCode.of(in.text("residentCode")),
            in.pastDate("movedInOn", clock),
            in.text("addressRest"),
            household(in));
    return answered(request, register.moveIn(lg, moveIn, requiredKey(request)));
  }

  Future<JsonObject> correct(RequestContext request) {
    LgCode lg = municipality(request);
    ResidentCode code = residentCode(request);
    JsonInput in =
        JsonInput.of(
            request.routing(),
            Set.of("name", "birthDate", "sex", "addressRest", "reason", "effectiveOn"));
    Correction correction =
        new Correction(
            code,
            in.optionalObject("name", NAME).map(MunicipalResource::name),
            in.optionalText("addressRest"),
            in.optionalText("sex").map(Sex::ofLabel),
            in.optionalText("birthDate").map(text -> BirthDate.parse(text, clock)),
            in.text("reason"),
            in.pastDate("effectiveOn", clock));
    return answered(request, register.correct(lg, correction, idempotencyKey(request)));
  }

  Future<JsonObject> death(RequestContext request) {
    LgCode lg = municipality(request);
    ResidentCode code = residentCode(request);
    JsonInput in = JsonInput.of(request.routing(), Set.of("diedOn", "reason"));
    Death death =
        new Death(code, in.pastDate("diedOn", clock), in.optionalText("reason").orElse("死亡"));
    return answered(request, register.recordDeath(lg, death, idempotencyKey(request)));
  }

  Future<JsonObject> myNumberChange(RequestContext request) {
    LgCode lg = municipality(request);
    ResidentCode code = residentCode(request);
    JsonInput in = JsonInput.of(request.routing(), Set.of("reason", "effectiveOn"));
    LocalDate effectiveOn =
        in.has("effectiveOn") ? in.pastDate("effectiveOn", clock) : LocalDate.now(clock);
    return answered(
        request,
        register.changeMyNumber(
            lg, new NumberChange(code, in.text("reason"), effectiveOn), idempotencyKey(request)));
  }

  Future<JsonObject> history(RequestContext request) {
    LgCode lg = municipality(request);
    return answered(request, records.history(lg, residentCode(request)));
  }

  /**
   * The path's municipality; the authorisation stage has already held it to the caller's own
   * ({@link RegisterCapability#RIGHTS}).
   */
  static LgCode municipality(RequestContext request) {
    return LgCode.of(request.routing().pathParam("lgCode"));
  }

  private static ResidentCode residentCode(RequestContext request) {
    return ResidentCode.of(request.routing().pathParam("residentCode"));
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

  /**
   * Writes that create (a person, a certificate, a new record) need a key: without one, a retry
   * after a lost answer (a timeout, or 503 when the audit trail refused after the commit) would
   * create a second person. Changes to an existing record are safe to send again anyway.
   */
  private static Optional<IdempotencyKey> requiredKey(RequestContext request) {
    Optional<IdempotencyKey> key = idempotencyKey(request);
    if (key.isEmpty()) {
      throw new HubException(
          ErrorCode.INVALID_REQUEST,
          IDEMPOTENCY_KEY + " is required: a retry without it would register twice");
    }
    return key;
  }

  private static Optional<IdempotencyKey> idempotencyKey(RequestContext request) {
    RoutingContext routing = request.routing();
    String key = routing.request().getHeader(IDEMPOTENCY_KEY);
    if (key == null) {
      return Optional.empty();
    }
    RequestBody body = routing.body();
    Buffer bytes = body == null || body.buffer() == null ? Buffer.buffer() : body.buffer();
    return Optional.of(
        IdempotencyKey.of(
            request.caller().id(),
            key,
            routing.request().method().name(),
            routing.request().path(),
            bytes.getBytes()));
  }

  /** Declares whose record the answer is and which fields it releases, for the audit record. */
  private static Future<JsonObject> answered(
      RequestContext request, Future<RegisterAnswer> answer) {
    return answer.map(
        done -> {
          request.notebook().subject(done.personId());
          request.notebook().released(List.copyOf(done.body().fieldNames()));
          return done.body();
        });
  }
}
