package jp.jukihub.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jp.jukihub.database.DatabaseRole;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.database.StorePool;
import jp.jukihub.tiers.TierPools;
import jp.jukihub.tiers.TierTopology;

/**
 * The hub's database pools, one set per job: a capability asks for the pools of its own {@link
 * DatabaseRole}, so its connections can do nothing another job's could. Pools open at first need
 * (capabilities are built on one thread, at start) and connect lazily; they close together.
 *
 * <p>Pools are named by place and job ("tier-national/reader", "hub/portal"): Vert.x shares pools
 * of one name, so each role needs its own, and the meters tell the jobs apart.
 */
public final class RolePools {
  private final Vertx vertx;
  private final DatabaseTarget hub;
  private final TierTopology topology;
  private final int size;
  private final Map<DatabaseRole, TierPools> tiers = new EnumMap<>(DatabaseRole.class);
  private final Map<String, StorePool> others = new LinkedHashMap<>();

  /**
   * {@code hub} and {@code topology} log in as their owners and carry the roles' logins ({@link
   * DatabaseTarget#withLogins}); pools use the roles only.
   */
  public RolePools(Vertx vertx, DatabaseTarget hub, TierTopology topology, int size) {
    this.vertx = vertx;
    this.hub = hub;
    this.topology = topology;
    this.size = size;
  }

  /** Connections in each pool at most ({@code database.poolSize}). */
  public int size() {
    return size;
  }

  /** The tiers' pools (municipal, national, each prefecture group), logged in as {@code role}. */
  public synchronized TierPools tiers(DatabaseRole role) {
    return tiers.computeIfAbsent(
        role, r -> TierPools.open(vertx, topology.as(r), size, "/" + r.job()));
  }

  /** The tiers' databases as {@code role}, for a job's blocking connections (lanes, listeners). */
  public TierTopology topology(DatabaseRole role) {
    return topology.as(role);
  }

  /** A pool on the hub's own database (the audit trail, the portal's notices) as {@code role}. */
  public StorePool hub(DatabaseRole role) {
    return open(hub, role, "hub", size, Map.of());
  }

  /**
   * A pool of its own on the hub's database as {@code role}: {@code connections} at most, sessions
   * started with {@code settings} (see {@link StorePool#open(Vertx, DatabaseTarget, int, String,
   * Map)}).
   */
  public StorePool hub(
      DatabaseRole role, String name, int connections, Map<String, String> settings) {
    return open(hub, role, name, connections, settings);
  }

  /**
   * A pool on {@code target} (prepared with the roles' logins) as {@code role}, {@code name}d by
   * its place; asked again with the same place and role, the same pool.
   */
  public synchronized StorePool open(
      DatabaseTarget target,
      DatabaseRole role,
      String name,
      int connections,
      Map<String, String> settings) {
    return others.computeIfAbsent(
        name + "/" + role.job(),
        full -> StorePool.open(vertx, target.as(role), connections, full, settings));
  }

  /**
   * Succeeds when every pool opened answers as its role; a failure names each place that does not,
   * with the jobs that cannot reach it ("tier-national: Connection refused (reader, register)").
   */
  public Future<Void> ping() {
    List<StorePool> pools = all();
    List<Future<Void>> pings = new ArrayList<>();
    pools.forEach(pool -> pings.add(pool.ping()));
    return Future.join(pings)
        .<Void>mapEmpty()
        .recover(
            e -> {
              Map<String, List<String>> jobsByFailure = new LinkedHashMap<>();
              for (int i = 0; i < pools.size(); i++) {
                if (pings.get(i).failed()) {
                  String name = pools.get(i).name();
                  int slash = name.lastIndexOf('/');
                  jobsByFailure
                      .computeIfAbsent(
                          name.substring(0, slash) + ": " + pings.get(i).cause().getMessage(),
                          failure -> new ArrayList<>())
                      .add(name.substring(slash + 1));
                }
              }
              return Future.failedFuture(
                  jobsByFailure.entrySet().stream()
                      .map(
                          failure ->
                              failure.getKey() + " (" + String.join(", ", failure.getValue()) + ")")
                      .collect(Collectors.joining("; ")));
            });
  }

  public Future<Void> close() {
    List<Future<Void>> closed = new ArrayList<>();
    all().forEach(pool -> closed.add(pool.close()));
    return Future.all(closed).mapEmpty();
  }

  private synchronized List<StorePool> all() {
    List<StorePool> all = new ArrayList<>();
    tiers.values().forEach(pools -> all.addAll(pools.all()));
    all.addAll(others.values());
    return all;
  }
}
