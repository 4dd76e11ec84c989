package jp.jukihub.gateway.provision;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.authorisation.AuthorisationStage;
import jp.jukihub.gateway.authorisation.Grant;
import jp.jukihub.gateway.body.Body;
import jp.jukihub.gateway.body.BodyRegistry;
import jp.jukihub.gateway.input.JsonBodyStage;
import jp.jukihub.gateway.input.JsonInput;
import jp.jukihub.gateway.pipeline.AuditNotebook;
import jp.jukihub.gateway.pipeline.RequestContext;
import jp.jukihub.provision.IntermediateServers;
import jp.jukihub.provision.NetworkKey;

/**
 * {@code POST /v1/provision/queries}: the requester names an affair of the table of lawful
 * exchanges, the item, the provider and its own unified address number for the person; the network
 * maps the requester's token to the provider's, and the provider's intermediate server answers from
 * its copy. Once the network knows the person, the query is the provider's to record as well: the
 * audited route writes both sides together ({@link AuditNotebook#recordAtProvider}), before any
 * answer or refusal leaves.
 */
final class QueryResource {
  static final Set<String> FIELDS = Set.of("affair", "item", "provider", "unifiedAddressNumber");
  static final String PATH = "/v1/provision/queries";
  static final String ROUTE = "provision.query";
  static final String HOUSEHOLD_PATH = "/v1/provision/household-checks";
  static final String HOUSEHOLD_ROUTE = "provision.household-check";
  static final Set<String> HOUSEHOLD_FIELDS =
      Set.of("affair", "provider", "unifiedAddressNumber", "otherUnifiedAddressNumber");
  private static final String HOUSEHOLD = "household";
  static final String BATCH_ROUTE = "provision.queries-batch";
  static final String PROVIDED_ROUTE = "provision.provide";

  private final ExchangeTable table;
  private final BodyRegistry bodies;
  private final IntermediateServers servers;
  private final NetworkKey key;
  private final ProvisionMeters meters;

  QueryResource(
      ExchangeTable table,
      BodyRegistry bodies,
      IntermediateServers servers,
      NetworkKey key,
      ProvisionMeters meters) {
    this.table = table;
    this.bodies = bodies;
    this.servers = servers;
    this.key = key;
    this.meters = meters;
  }

  /** The route's authority: the exchange table's row for (caller, affair, provider, item). */
  Grant authorise(RequestContext request) {
    return authorise(JsonBodyStage.input(request), request.notebook());
  }

  private Grant authorise(JsonInput in, AuditNotebook notes) {
    ProvisionNumbers.unifiedAddressNumber(in.text("unifiedAddressNumber"));
    String affair = in.text("affair");
    String item = in.text("item");
    return table.grant(notes, affair, item, provider(in.text("provider")));
  }

  /**
   * Counts a query (a single one or a batch's line) as it left, refusals and a trail that could not
   * keep its records included: the routes' outcomes.
   */
  void answered(AuditNotebook notes, JsonInput in, ErrorCode problem) {
    meters.query(itemNamed(in), problem);
  }

  /** Counts a household check as it left, as a query for the household item. */
  void householdChecked(AuditNotebook notes, JsonInput in, ErrorCode problem) {
    meters.query(HOUSEHOLD, problem);
  }

  // The item as the caller named it, for the meter (which tags only the data standard's items).
  private static String itemNamed(JsonInput in) {
    try {
      return in == null ? null : in.optionalText("item").orElse(null);
    } catch (HubException malformed) {
      return null;
    }
  }

  Future<JsonObject> query(RequestContext request) {
    return query(
        AuthorisationStage.grant(request), JsonBodyStage.input(request), request.notebook());
  }

  /** A line of {@code queries:batch}: authorised here, as a single query is by its stage. */
  Future<JsonObject> queryLine(JsonInput line, AuditNotebook notes) {
    return query(authorise(line, notes), line, notes);
  }

  private Future<JsonObject> query(Grant grant, JsonInput in, AuditNotebook requester) {
    String item = in.text("item");
    Body provider = provider(in.text("provider"));
    requester.counterpart(provider.id());
    Future<JsonObject> queried =
        servers
            .provide(requester.caller().id(), in.text("unifiedAddressNumber"), provider.id(), item)
            .compose(
                found -> {
                  if (found.link() == null) {
                    // Unknown to the network: no provider was asked.
                    return found.answer().map(none -> null);
                  }
                  requester.subject(key.recordSubject(found.link()));
                  requester.recordAtProvider(provider, PROVIDED_ROUTE, List.of(item));
                  return found
                      .answer()
                      .map(
                          copy -> {
                            requester.released(List.of(item));
                            return new JsonObject()
                                .put("affair", grant.use().id())
                                .put("item", item)
                                .put("provider", provider.id())
                                .put("asOf", copy.asOf().toString())
                                .put("data", copy.data());
                          });
                });
    return queried;
  }

  /**
   * {@code POST /v1/provision/household-checks}: "are these two persons one household?", answered
   * by the provider's household copies for both (same household number), never with a name or a
   * copy's content. Authorised as a query for the household item; recorded at both sides for both
   * persons.
   */
  Grant authoriseHouseholdCheck(RequestContext request) {
    JsonInput in = JsonBodyStage.input(request);
    ProvisionNumbers.unifiedAddressNumber(in.text("unifiedAddressNumber"));
    ProvisionNumbers.unifiedAddressNumber(in.text("otherUnifiedAddressNumber"));
    return table.grant(
        request.notebook(), in.text("affair"), HOUSEHOLD, provider(in.text("provider")));
  }

  Future<JsonObject> householdCheck(RequestContext request) {
    Grant grant = AuthorisationStage.grant(request);
    JsonInput in = JsonBodyStage.input(request);
    AuditNotebook requester = request.notebook();
    Body provider = provider(in.text("provider"));
    requester.counterpart(provider.id());
    String caller = requester.caller().id();
    Future<IntermediateServers.Provision> one =
        servers.provide(caller, in.text("unifiedAddressNumber"), provider.id(), HOUSEHOLD);
    Future<IntermediateServers.Provision> other =
        servers.provide(caller, in.text("otherUnifiedAddressNumber"), provider.id(), HOUSEHOLD);
    Future<JsonObject> checked =
        Future.all(one, other)
            .compose(
                both -> {
                  if (one.result().link() == null || other.result().link() == null) {
                    return Future.failedFuture(IntermediateServers.noToken());
                  }
                  requester.subject(key.recordSubject(one.result().link()));
                  requester.subject(key.recordSubject(other.result().link()));
                  requester.recordAtProvider(provider, PROVIDED_ROUTE, List.of(HOUSEHOLD));
                  return Future.all(one.result().answer(), other.result().answer())
                      .map(
                          copies -> {
                            requester.released(List.of("householdCheck"));
                            IntermediateServers.Provision a = one.result();
                            IntermediateServers.Provision b = other.result();
                            Instant asOf = a.asOf().isAfter(b.asOf()) ? a.asOf() : b.asOf();
                            return new JsonObject()
                                .put("affair", grant.use().id())
                                .put("provider", provider.id())
                                .put(
                                    "sameHousehold",
                                    a.data()
                                        .getString("householdNumber")
                                        .equals(b.data().getString("householdNumber")))
                                .put("asOf", asOf.toString());
                          });
                });
    return checked;
  }

  private Body provider(String id) {
    return bodies
        .find(id)
        .orElseThrow(
            () ->
                new HubException(
                    ErrorCode.EXCHANGE_NOT_PERMITTED, "the provider is not a registered body"));
  }
}
