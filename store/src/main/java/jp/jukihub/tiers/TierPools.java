package jp.jukihub.tiers;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.jukihub.database.StorePool;
import jp.jukihub.tiers.TierTopology.PrefectureGroup;

/**
 * The non-blocking pools of the tiers: one for the municipal tier, one for the national tier, one
 * per prefecture group, even when they share a database. A municipal write holds its connection
 * while it calls J-LIS; were both on one pool, a full pool would wait on itself.
 */
public final class TierPools {
  private final StorePool municipal;
  private final StorePool national;
  private final Map<String, StorePool> prefectures;
  private final TierTopology topology;

  private TierPools(
      StorePool municipal,
      StorePool national,
      Map<String, StorePool> prefectures,
      TierTopology topology) {
    this.municipal = municipal;
    this.national = national;
    this.prefectures = prefectures;
    this.topology = topology;
  }

  /**
   * Opens the pools, {@code size} connections each at most, named "tier-national" and so on with
   * {@code suffix} appended ("/reader": pools of one name are shared, so each role needs its own).
   */
  public static TierPools open(Vertx vertx, TierTopology topology, int size, String suffix) {
    Map<String, StorePool> prefectures = new LinkedHashMap<>();
    for (PrefectureGroup group : topology.prefectures()) {
      prefectures.put(
          group.name(),
          StorePool.open(vertx, group.target(), size, "tier-prefecture-" + group.name() + suffix));
    }
    return new TierPools(
        StorePool.open(vertx, topology.municipal(), size, "tier-municipal" + suffix),
        StorePool.open(vertx, topology.national(), size, "tier-national" + suffix),
        prefectures,
        topology);
  }

  public StorePool municipal() {
    return municipal;
  }

  public StorePool national() {
    return national;
  }

  /** The pool of the prefecture group that holds prefecture {@code code} ("13"). */
  public StorePool prefecture(String code) {
    return prefectures.get(topology.groupOf(code).name());
  }

  /** One pool per prefecture group: together they hold every prefecture. */
  public List<StorePool> prefectureGroups() {
    return List.copyOf(prefectures.values());
  }

  /** Succeeds when every tier's database answers. */
  public Future<Void> ping() {
    List<Future<Void>> pings = new ArrayList<>();
    all().forEach(pool -> pings.add(pool.ping()));
    return Future.all(pings).mapEmpty();
  }

  public Future<Void> close() {
    List<Future<Void>> closed = new ArrayList<>();
    all().forEach(pool -> closed.add(pool.close()));
    return Future.all(closed).mapEmpty();
  }

  /** Every pool: municipal, national, then the prefecture groups. */
  public List<StorePool> all() {
    List<StorePool> all = new ArrayList<>(List.of(municipal, national));
    all.addAll(prefectures.values());
    return all;
  }
}
