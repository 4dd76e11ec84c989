package jp.jukihub.tiers;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jp.jukihub.tiers.TierTopology.PrefectureGroup;

/**
 * Carries every committed change up the tiers: municipality -> each prefecture group -> J-LIS. One
 * lane (a thread with its own two connections) per hop; blocking JDBC, never on an event loop. The
 * municipal lanes poll their outbox (writes do not NOTIFY, see {@code PgResidentRegister}); the
 * national lanes are woken by the prefecture lanes' NOTIFY, once per batch.
 */
public final class TierShipper implements AutoCloseable {
  private final List<ShippingLane> lanes;
  private final List<Thread> threads = new ArrayList<>();

  private TierShipper(List<ShippingLane> lanes) {
    this.lanes = lanes;
  }

  public static TierShipper start(
      TierTopology topology, ShipperSettings settings, MeterRegistry registry, Clock clock) {
    TierMeters prefectureMeters = new TierMeters(registry, TierApplier.PREFECTURE.tier());
    TierMeters nationalMeters = new TierMeters(registry, TierApplier.NATIONAL.tier());
    List<ShippingLane> lanes = new ArrayList<>();
    for (PrefectureGroup group : topology.prefectures()) {
      lanes.add(
          new ShippingLane(
              "municipal->" + group.name(),
              topology.municipal(),
              "municipal.outbox",
              null,
              group.holdsAll() ? null : group.prefectureCodes(),
              group.target(),
              TierApplier.PREFECTURE,
              "municipal",
              settings,
              prefectureMeters,
              clock));
      lanes.add(
          new ShippingLane(
              group.name() + "->national",
              group.target(),
              "prefecture.outbox",
              Notifications.PREFECTURE_OUTBOX,
              null,
              topology.national(),
              TierApplier.NATIONAL,
              "prefecture:" + group.name(),
              settings,
              nationalMeters,
              clock));
    }
    TierShipper shipper = new TierShipper(lanes);
    for (ShippingLane lane : lanes) {
      // Which node ships which lane: 1 on exactly one node of a cluster for each lane.
      Gauge.builder("hub.tier.lane.leading", lane, running -> running.leading() ? 1 : 0)
          .description("1 while this node ships the lane (holds its lock), else 0")
          .tag("lane", lane.name())
          .register(registry);
      Thread thread = new Thread(lane, "jukihub-tier-" + lane.name());
      thread.setDaemon(true);
      shipper.threads.add(thread);
      thread.start();
    }
    return shipper;
  }

  /** Stops the lanes after their current batch; what is not shipped yet waits in the outboxes. */
  @Override
  public void close() {
    lanes.forEach(ShippingLane::stop);
    for (Thread thread : threads) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
