package jp.jukihub.gateway.ops;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import jp.jukihub.gateway.firewall.Firewall;
import jp.jukihub.gateway.law.LawTable;

/**
 * {@code rule-files}: the firewall rules and the law table are loaded (the hub does not start
 * without them), which ones, and since when. Stays UP when a reload of the firewall rules is
 * refused, since the previous rules stay in force, but says so: {@code lastReload} holds {@code
 * outcome} ({@code applied} or {@code refused}), {@code at} and, when refused, the {@code reason}.
 */
public final class RuleFilesCheck implements HealthCheck {
  private final Firewall firewall;
  private final LawTable lawTable;
  private final Instant lawTableLoadedAt;

  public RuleFilesCheck(Firewall firewall, LawTable lawTable, Instant lawTableLoadedAt) {
    this.firewall = firewall;
    this.lawTable = lawTable;
    this.lawTableLoadedAt = lawTableLoadedAt;
  }

  @Override
  public String name() {
    return "rule-files";
  }

  @Override
  public Future<JsonObject> check() {
    Firewall.Status rules = firewall.status();
    JsonObject firewallJson =
        new JsonObject()
            .put("source", rules.source())
            .put("rules", rules.rules())
            .put("loadedAt", rules.loadedAt().toString());
    rules
        .lastReload()
        .ifPresent(
            reload -> {
              JsonObject last =
                  new JsonObject()
                      .put("outcome", reload.applied() ? "applied" : "refused")
                      .put("at", reload.at().toString());
              if (!reload.applied()) {
                last.put("reason", reload.reason());
              }
              firewallJson.put("lastReload", last);
            });
    JsonObject lawJson =
        new JsonObject()
            .put("source", lawTable.source())
            .put("rows", lawTable.rows().size())
            .put("loadedAt", lawTableLoadedAt.toString());
    return Future.succeededFuture(
        new JsonObject().put("firewall", firewallJson).put("lawTable", lawJson));
  }
}
