package jp.jukihub.tiers;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.database.StorePool;
import jp.jukihub.tiers.TierTopology.PrefectureGroup;

/**
 * The non-blocking pools of the tiers, one per database: tiers that share a database share its
 * pool, so the default layout opens one pool in all.
 */
public final class TierPools {
  private final TierTopology topology;
  private final Map<DatabaseTarget, StorePool> pools;

  private TierPools(TierTopology topology, Map<DatabaseTarget, StorePool> pools) {
    this.topology = topology;
    this.pools = pools;
  }

  /** Opens a pool per database, reusing {@code hubPool} for {@code hub}'s own database. */
  public static TierPools open(Vertx vertx, TierTopology topology, DatabaseTarget hub, StorePool hubPool, int size) {
    Map<DatabaseTarget, StorePool> pools = new LinkedHashMap<>();
    pools.put(hub, hubPool);
    for (DatabaseTarget target : topology.databases()) {
      pools.computeIfAbsent(
          target, t -> StorePool.open(vertx, t, size, "tier-" + t.host() + "-" + t.port() + "-" + t.database()));
    }
    return new TierPools(topology, pools);
  }

  public StorePool municipal() {
    return pools.get(topology.municipal());
  }

  public StorePool national() {
    return pools.get(topology.national());
  }

  public StorePool prefecture(String prefectureCode) {
    return pools.get(topology.groupOf(prefectureCode).target());
  }

  public TierTopology topology() {
    return topology;
  }

  /** Succeeds when every tier's database answers. */
  public Future<Void> ping() {
    List<Future<Void>> pings = new ArrayList<>();
    pools.values().forEach(pool -> pings.add(pool.ping()));
    return Future.all(pings).mapEmpty();
  }

  /** Closes the pools this opened (not the hub's own). */
  public Future<Void> close(StorePool hubPool) {
    List<Future<Void>> closed = new ArrayList<>();
    pools.values().stream().filter(pool -> pool != hubPool).forEach(pool -> closed.add(pool.close()));
    return Future.all(closed).mapEmpty();
  }

  List<PrefectureGroup> groups() {
    return topology.prefectures();
  }
}
