package jp.jukihub.database;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many hub nodes share the hub's own database now, for what must hold across the cluster (a
 * body's rate). Each node keeps one connection open there under an application name of its own
 * ({@link #SESSION}), and PostgreSQL's {@code pg_stat_activity} lists the names: no table, no
 * heartbeat to write. A node that stops or is killed loses its connection when its socket closes,
 * as the shipping lanes lose their advisory locks; a machine that vanishes without closing it is
 * noticed at the server's TCP keepalive ({@code tcp_keepalives_*}, set short on the hub's server).
 *
 * <p>Asked every second; until the first answer, and while the database does not answer, the last
 * count stands (at least 1: this node).
 */
public final class LiveNodes implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LiveNodes.class);
  private static final String PREFIX = "jukihub-node ";
  private static final String COUNT =
      "SELECT count(DISTINCT application_name)::int FROM pg_stat_activity"
          + " WHERE datname = current_database() AND application_name LIKE '"
          + PREFIX
          + "%'";

  private final Vertx vertx;
  private final StorePool pool;
  private final long timer;
  private volatile int count = 1;

  private LiveNodes(Vertx vertx, StorePool pool, long everyMillis) {
    this.vertx = vertx;
    this.pool = pool;
    this.timer = vertx.setPeriodic(0, everyMillis, tick -> ask());
  }

  /** The session settings of the pool {@link #start} asks through: it names this node. */
  public static Map<String, String> session(String instance) {
    return Map.of("application_name", PREFIX + instance);
  }

  /**
   * Starts asking through {@code pool}: one connection (opened with {@link #session}) on the hub's
   * own database, kept open, since it is what the other nodes count.
   */
  public static LiveNodes start(
      Vertx vertx, StorePool pool, MeterRegistry registry, long everyMillis) {
    LiveNodes nodes = new LiveNodes(vertx, pool, everyMillis);
    Gauge.builder("hub.cluster.nodes", nodes, LiveNodes::count)
        .description("hub nodes with a session on the hub's database (this one included)")
        .register(registry);
    return nodes;
  }

  /** The nodes seen at the last answer, this one included. */
  public int count() {
    return count;
  }

  private void ask() {
    pool.pool()
        .query(COUNT)
        .execute()
        .timeout(2, TimeUnit.SECONDS)
        .onSuccess(
            rows -> {
              int seen = Math.max(1, rows.iterator().next().getInteger(0));
              if (seen != count) {
                log.info(
                    "{} hub node(s) share the hub's database: each grants 1/{} of a body's rate",
                    seen,
                    seen);
                count = seen;
              }
            });
  }

  @Override
  public void close() {
    vertx.cancelTimer(timer);
  }
}
