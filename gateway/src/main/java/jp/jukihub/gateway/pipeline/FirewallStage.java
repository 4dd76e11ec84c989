package jp.jukihub.gateway.pipeline;

import io.vertx.core.Future;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.firewall.Firewall;
import jp.jukihub.gateway.firewall.FirewallRules.Decision;

/**
 * The routing rules between zones: decided on who calls, the method and the path, before any route
 * reads the request. A denial names the deciding rule (403 {@code FIREWALL_DENIED}); the rule that
 * let a request through is kept for its audit record.
 */
public final class FirewallStage implements Stage {
  private final Firewall firewall;

  public FirewallStage(Firewall firewall) {
    this.firewall = firewall;
  }

  @Override
  public String id() {
    return "firewall";
  }

  @Override
  public Phase phase() {
    return Phase.FIREWALL;
  }

  @Override
  public Future<Void> apply(RequestContext request) {
    // The path as the router will match it (dot-segments resolved, needless escapes decoded): a
    // rule must judge the route the request reaches, not the spelling it arrived in.
    String path = request.routing().normalizedPath();
    Decision decision =
        firewall.decide(request.caller(), request.routing().request().method().name(), path);
    if (!decision.allowed()) {
      return Future.failedFuture(
          new HubException(
              ErrorCode.FIREWALL_DENIED, "denied by firewall rule '" + decision.ruleId() + "'"));
    }
    request.firewallRule(decision.ruleId());
    return Future.succeededFuture();
  }
}
