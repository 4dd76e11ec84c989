package jp.jukihub.gateway.register;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.input.JsonInput;
import jp.jukihub.gateway.pipeline.RequestContext;
import jp.jukihub.number.LgCode;
import jp.jukihub.number.ResidentCode;
import jp.jukihub.register.IdempotencyKey;
import jp.jukihub.register.RegisterAnswer;
import jp.jukihub.register.ResidentRecords;
import jp.jukihub.register.ResidentRegister;
import jp.jukihub.register.ResidentRegister.Correction;
import jp.jukihub.register.ResidentRegister.Death;
import jp.jukihub.register.ResidentRegister.MoveIn;
import jp.jukihub.register.ResidentRegister.MoveOut;
import jp.jukihub.register.ResidentRegister.NumberChange;
import jp.jukihub.register.ResidentRegister.Registration;

/**
 * The municipal flows under {@code /v1/municipalities/{lgCode}}: served only to that municipality
 * itself. Each handler reads and checks its request ({@link MunicipalRequests}), then hands one
 * command to the register; the answer names its subject so the audit record says whose record was
 * touched.
 */
final class MunicipalResource {
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";

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
    JsonInput in = JsonInput.of(request.routing(), MunicipalRequests.REGISTRATION);
    Registration registration = MunicipalRequests.registration(in, clock);
    return answered(request, register.register(lg, registration, requiredKey(request)));
  }

  Future<JsonObject> moveOut(RequestContext request) {
    LgCode lg = municipality(request);
    JsonInput in = JsonInput.of(request.routing(), MunicipalRequests.MOVE_OUT);
    MoveOut moveOut = MunicipalRequests.moveOut(in, clock);
    return answered(request, register.moveOut(lg, moveOut, requiredKey(request)));
  }

  Future<JsonObject> moveIn(RequestContext request) {
    LgCode lg = municipality(request);
    JsonInput in = JsonInput.of(request.routing(), MunicipalRequests.MOVE_IN);
    MoveIn moveIn = MunicipalRequests.moveIn(in, clock);
    return answered(request, register.moveIn(lg, moveIn, requiredKey(request)));
  }

  Future<JsonObject> correct(RequestContext request) {
    LgCode lg = municipality(request);
    ResidentCode code = residentCode(request);
    JsonInput in = JsonInput.of(request.routing(), MunicipalRequests.CORRECTION);
    Correction correction = MunicipalRequests.correction(code, in, clock);
    return answered(request, register.correct(lg, correction, idempotencyKey(request)));
  }

  Future<JsonObject> death(RequestContext request) {
    LgCode lg = municipality(request);
    ResidentCode code = residentCode(request);
    JsonInput in = JsonInput.of(request.routing(), MunicipalRequests.DEATH);
    Death death = MunicipalRequests.death(code, in, clock);
    return answered(request, register.recordDeath(lg, death, idempotencyKey(request)));
  }

  Future<JsonObject> myNumberChange(RequestContext request) {
    LgCode lg = municipality(request);
    ResidentCode code = residentCode(request);
    JsonInput in = JsonInput.of(request.routing(), MunicipalRequests.NUMBER_CHANGE);
    NumberChange change = MunicipalRequests.numberChange(code, in, clock);
    return answered(request, register.changeMyNumber(lg, change, idempotencyKey(request)));
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
