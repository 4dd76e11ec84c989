package jp.jukihub.tiers;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import jp.jukihub.database.DatabaseTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears, through LISTEN/NOTIFY, which persons' identity copies a tier has just changed, so that
 * every hub node can drop what it cached of them. After a (re)connection a listener is told to drop
 * everything of that tier, since notices sent while disconnected are gone.
 */
public final class IdentityInvalidations implements AutoCloseable {
  /**
   * Persons whose rows in {@code tier} changed; {@code everything} when the listener may have
   * missed some.
   */
  public record Invalidation(String tier, long[] personIds, boolean everything) {}

  /** The payload's id list when a tier changed too many rows to name (a repair). */
  static final String EVERYONE = "*";

  private static final Logger log = LoggerFactory.getLogger(IdentityInvalidations.class);
  private static final long RECONNECT_MILLIS = 500;

  private final List<PgSubscriber> subscribers;
  private final List<Consumer<Invalidation>> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean closing;

  private IdentityInvalidations(List<PgSubscriber> subscribers) {
    this.subscribers = subscribers;
  }

  /**
   * Listens on the national tier's database and on each prefecture group's. Connects in the
   * background: a database that is down at start is retried until it answers.
   */
  public static IdentityInvalidations start(
      Vertx vertx, TierTopology topology, MeterRegistry registry) {
    Set<DatabaseTarget> targets = new LinkedHashSet<>();
    targets.add(topology.national());
    topology.prefectures().forEach(group -> targets.add(group.target()));
    List<PgSubscriber> subscribers = new ArrayList<>();
    IdentityInvalidations invalidations = new IdentityInvalidations(subscribers);
    for (DatabaseTarget target : targets) {
      PgSubscriber subscriber = PgSubscriber.subscriber(vertx, target.connectOptions());
      subscriber.reconnectPolicy(retries -> RECONNECT_MILLIS);
      subscriber
          .channel(Notifications.IDENTITY)
          .subscribeHandler(
              subscribed -> {
                invalidations.emit(new Invalidation("prefecture", new long[0], true));
                invalidations.emit(new Invalidation("national", new long[0], true));
              })
          .handler(
              payload -> {
                Invalidation invalidation = parse(payload);
                registry
                    .counter("hub.tier.invalidations", "tier", invalidation.tier())
                    .increment(invalidation.personIds().length);
                invalidations.emit(invalidation);
              });
      subscribers.add(subscriber);
      invalidations.connect(vertx, subscriber, target);
    }
    return invalidations;
  }

  private Future<Void> connect(Vertx vertx, PgSubscriber subscriber, DatabaseTarget target) {
    return subscriber
        .connect()
        .recover(
            failure -> {
              if (closing) {
                return Future.failedFuture(failure);
              }
              log.warn("cannot listen for identity changes on {} yet; retrying", target);
              return vertx
                  .timer(RECONNECT_MILLIS)
                  .compose(fired -> connect(vertx, subscriber, target));
            });
  }

  public void onInvalidation(Consumer<Invalidation> listener) {
    listeners.add(listener);
  }

  static Invalidation parse(String payload) {
    int colon = payload.indexOf(':');
    String tier = payload.substring(0, Math.max(colon, 0));
    String ids = payload.substring(colon + 1);
    if (ids.isEmpty() || ids.equals(EVERYONE)) {
      return new Invalidation(tier, new long[0], ids.equals(EVERYONE));
    }
    String[] parts = ids.split(",");
    long[] personIds = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      personIds[i] = Long.parseLong(parts[i]);
    }
    return new Invalidation(tier, personIds, false);
  }

  private void emit(Invalidation invalidation) {
    listeners.forEach(listener -> listener.accept(invalidation));
  }

  @Override
  public void close() {
    closing = true;
    subscribers.forEach(PgSubscriber::close);
  }
}
