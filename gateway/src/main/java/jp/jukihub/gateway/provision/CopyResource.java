package jp.jukihub.gateway.provision;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RequestBody;
import java.util.List;
import java.util.Set;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.input.JsonInput;
import jp.jukihub.gateway.pipeline.AuditNotebook;
import jp.jukihub.gateway.pipeline.RequestContext;
import jp.jukihub.provision.IntermediateServers;

/**
 * {@code PUT} and {@code DELETE /v1/provision/copies/{item}/{unifiedAddressNumber}}: a body
 * registers, replaces or withdraws its copy (副本) of one item for one person on its intermediate
 * server. A copy must follow the data standard; every version is kept.
 */
final class CopyResource {
  private final DataStandard standard;
  private final IntermediateServers servers;
  private final ProvisionMeters meters;

  CopyResource(DataStandard standard, IntermediateServers servers, ProvisionMeters meters) {
    this.standard = standard;
    this.servers = servers;
    this.meters = meters;
  }

  static final Set<String> LINE_FIELDS = Set.of("item", "unifiedAddressNumber", "data");

  Future<JsonObject> register(RequestContext request) {
    return register(
        request.routing().pathParam("item"),
        request.routing().pathParam("unifiedAddressNumber"),
        body(request),
        request.notebook());
  }

  /** A line of {@code copies:batch}: {@code {item, unifiedAddressNumber, data}}. */
  Future<JsonObject> register(JsonInput line, AuditNotebook notes) {
    return register(
        line.text("item"), line.text("unifiedAddressNumber"), line.rawObject("data"), notes);
  }

  private Future<JsonObject> register(
      String item, String unifiedAddressNumber, JsonObject data, AuditNotebook notes) {
    String address = ProvisionNumbers.unifiedAddressNumber(unifiedAddressNumber);
    JsonObject copy = standard.validate(item, data);
    return servers
        .register(notes.caller().id(), item, address, copy)
        .map(
            version -> {
              meters.copy(item, "registered");
              notes.released(List.of(item));
              return new JsonObject()
                  .put("item", item)
                  .put("unifiedAddressNumber", address)
                  .put("version", version);
            });
  }

  Future<JsonObject> withdraw(RequestContext request) {
    String item = request.routing().pathParam("item");
    String address = address(request);
    if (!standard.knows(item)) { // refused as the registration would be, not "not found"
      throw new HubException(ErrorCode.COPY_NOT_STANDARD, "the data standard has no such item");
    }
    return servers
        .withdraw(request.caller().id(), item, address)
        .compose(
            withdrawn -> {
              if (withdrawn) {
                meters.copy(item, "withdrawn");
              }
              return withdrawn
                  ? Future.succeededFuture(
                      new JsonObject()
                          .put("item", item)
                          .put("unifiedAddressNumber", address)
                          .put("withdrawn", true))
                  : Future.failedFuture(
                      new HubException(
                          ErrorCode.NO_COPY, "this body holds no copy of this item for them"));
            });
  }

  private static String address(RequestContext request) {
    return ProvisionNumbers.unifiedAddressNumber(
        request.routing().pathParam("unifiedAddressNumber"));
  }

  private static JsonObject body(RequestContext request) {
    RequestBody body = request.routing().body();
    try {
      JsonObject json = body == null || body.buffer() == null ? null : body.asJsonObject();
      if (json == null) {
        throw new HubException(ErrorCode.INVALID_REQUEST, "the copy is a JSON object");
      }
      return json;
    } catch (RuntimeException e) {
      if (e instanceof HubException hub) {
        throw hub;
      }
      throw new HubException(ErrorCode.INVALID_REQUEST, "the copy is a JSON object");
    }
  }
}
