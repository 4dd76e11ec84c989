package jp.jukihub.gateway.provision;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.Set;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.input.JsonInput;
import jp.jukihub.gateway.pipeline.AuditNotebook;
import jp.jukihub.gateway.pipeline.RequestContext;
import jp.jukihub.identity.IdentityKey;
import jp.jukihub.identity.TierReader;
import jp.jukihub.number.MyNumber;
import jp.jukihub.number.ResidentCode;
import jp.jukihub.provision.TokenAcquisition;
import jp.jukihub.register.GoLive;

/**
 * {@code POST /v1/provision/tokens}: a body acquires its token (符号) for a person. J-LIS resolves
 * the My Number on the national tier (from go-live on); the network derives and links the body's
 * token and delivers it to the body's intermediate server under the body's unified address number.
 * The token stays there: the answer gives back only the body's own two numbers, and the acquisition
 * number is not kept (only a keyed digest, to refuse its reuse for someone else).
 */
final class TokenResource {
  static final Set<String> FIELDS = Set.of("acquisitionNumber", "myNumber", "unifiedAddressNumber");

  private final TierReader national;
  private final TokenAcquisition acquisition;
  private final GoLive goLive;
  private final Clock clock;
  private final ProvisionMeters meters;

  TokenResource(
      TierReader national,
      TokenAcquisition acquisition,
      GoLive goLive,
      Clock clock,
      ProvisionMeters meters) {
    this.national = national;
    this.acquisition = acquisition;
    this.goLive = goLive;
    this.clock = clock;
    this.meters = meters;
  }

  Future<JsonObject> acquire(RequestContext request) {
    return acquire(JsonInput.of(request.routing(), FIELDS), request.notebook());
  }

  /** One acquisition, authorised already; what it learns for the record goes to {@code notes}. */
  Future<JsonObject> acquire(JsonInput in, AuditNotebook notes) {
    String acquisitionNumber = ProvisionNumbers.acquisitionNumber(in.text("acquisitionNumber"));
    String address = ProvisionNumbers.unifiedAddressNumber(in.text("unifiedAddressNumber"));
    MyNumber number = MyNumber.of(in.text("myNumber"));
    Future<JsonObject> acquired;
    if (!goLive.numbersVisible(clock.instant())) {
      acquired = Future.failedFuture(unknown());
    } else {
      acquired =
          national
              .find(IdentityKey.of(number), null)
              .compose(
                  found -> {
                    if (found.isEmpty()) {
                      return Future.failedFuture(unknown());
                    }
                    notes.subject(found.get().personId());
                    return acquisition.acquire(
                        notes.caller().id(),
                        acquisitionNumber,
                        ResidentCode.of(found.get().residentCode()),
                        address);
                  })
              .map(
                  done ->
                      new JsonObject()
                          .put("acquisitionNumber", acquisitionNumber)
                          .put("unifiedAddressNumber", address));
    }
    return acquired.onComplete(done -> meters.token(done.cause()));
  }

  private static HubException unknown() {
    return new HubException(ErrorCode.NOT_FOUND, "no resident holds this My Number");
  }
}
