package jp.jukihub.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
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
   * Succeeds when every pool opened on the hub's own database (the audit trail: without it nothing
   * is served) answers as its role; a failure names each place that does not, with the jobs that
   * cannot reach it ("hub: Connection refused (audit, portal)").
   */
  public Future<Void> ping() {
    List<StorePool> pools = pools(true);
    return pings(pools)
        .compose(
            pings -> {
              List<Unreachable> down = unreachable(pools, pings);
              return down.isEmpty()
                  ? Future.<Void>succeededFuture()
                  : Future.<Void>failedFuture(
                      down.stream().map(Unreachable::toString).collect(Collectors.joining("; ")));
            });
  }

  /**
   * The places on servers of their own (a tier, the intermediate servers), each UP or DOWN with why
   * and the jobs that cannot reach it. Never fails: such a server is shared by every hub node, so
   * its outage is no reason for a balancer to take this node out (lookups fall back to the
   * prefectures while the national tier is away); the requests that need it answer 503 meanwhile.
   */
  public Future<JsonObject> pingElsewhere() {
    List<StorePool> pools = pools(false);
    return pings(pools)
        .map(
            pings -> {
              JsonObject places = new JsonObject();
              pools.forEach(pool -> places.put(place(pool), "UP"));
              unreachable(pools, pings)
                  .forEach(down -> places.put(down.place(), "DOWN: " + down.whyAndJobs()));
              return places;
            });
  }

  /** A place some pools could not reach: why, and the jobs whose pools those are. */
  private record Unreachable(String place, String why, List<String> jobs) {
    String whyAndJobs() {
      return why + " (" + String.join(", ", jobs) + ")";
    }

    @Override
    public String toString() {
      return place + ": " + whyAndJobs();
    }
  }

  /** Each pool's ping, once every one has ended, answered or not. */
  private static Future<List<Future<Void>>> pings(List<StorePool> pools) {
    List<Future<Void>> pings = new ArrayList<>();
    pools.forEach(pool -> pings.add(pool.ping()));
    return Future.join(pings).transform(ended -> Future.succeededFuture(pings));
  }

  /** The failed pings by place and why, in the pools' order. */
  private static List<Unreachable> unreachable(List<StorePool> pools, List<Future<Void>> pings) {
    Map<String, Unreachable> byFailure = new LinkedHashMap<>();
    for (int i = 0; i < pools.size(); i++) {
      if (pings.get(i).failed()) {
        String name = pools.get(i).name();
        String place = place(pools.get(i));
        String why = pings.get(i).cause().getMessage();
        byFailure
            .computeIfAbsent(
                place + ": " + why, failure -> new Unreachable(place, why, new ArrayList<>()))
            .jobs()
            .add(name.substring(name.lastIndexOf('/') + 1));
      }
    }
    return List.copyOf(byFailure.values());
  }

  private static String place(StorePool pool) {
    return pool.name().substring(0, pool.name().lastIndexOf('/'));
  }

  /** The pools opened on the hub's own database ({@code own}), or on any other. */
  private List<StorePool> pools(boolean own) {
    List<StorePool> pools = new ArrayList<>();
    for (StorePool pool : all()) {
      if (hub.sameDatabase(pool.target()) == own) {
        pools.add(pool);
      }
    }
    return pools;
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
