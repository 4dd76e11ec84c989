package jp.jukihub.database;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The non-blocking connection pool the request path reads through. The gateway holds it but never
 * writes SQL: it asks store types (readers, the health probe) that use it.
 */
public final class StorePool {
  private static final int EVENT_LOOPS = Math.max(2, Runtime.getRuntime().availableProcessors());

  /**
   * How long a request waits for a connection. Below the 1.2 s within which a read or a register
   * write is answered (or refused 503): a request still queued then has been answered already, and
   * running its statement later would only spend the database on an answer no one waits for. Under
   * overload that spending took every answer past its deadline (`./hub bench changes` at 2,000/s:
   * 17 changes/s answered in time while the database did 700/s); refusing the queue's tail instead
   * keeps the database on requests that are still waited for.
   */
  static final int WAIT_FOR_CONNECTION_MILLIS = 900;

  private final Pool pool;
  private final String name;
  private final DatabaseTarget target;

  private StorePool(Pool pool, String name, DatabaseTarget target) {
    this.pool = pool;
    this.name = name;
    this.target = target;
  }

  public static StorePool open(Vertx vertx, DatabaseTarget target, int size, String name) {
    return open(vertx, target, size, name, Map.of());
  }

  /**
   * A pool whose sessions start with {@code settings} (PostgreSQL parameters sent when each
   * connection opens, e.g. a plan cache mode for one kind of statement).
   */
  public static StorePool open(
      Vertx vertx, DatabaseTarget target, int size, String name, Map<String, String> settings) {
    PgConnectOptions connect = target.connectOptions();
    settings.forEach(connect::addProperty);
    PoolOptions options =
        new PoolOptions()
            .setMaxSize(size)
            .setName(name)
            .setShared(true)
            .setConnectionTimeout(WAIT_FOR_CONNECTION_MILLIS)
            .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
            .setMaxWaitQueueSize(4 * 1024)
            // Opened from a plain thread, a pool would put every connection on one event loop,
            // which then caps the store at what one core can do; spread them over all.
            .setEventLoopSize(EVENT_LOOPS);
    return new StorePool(
        PgBuilder.pool()
            .with(options)
            // A server that does not answer is given up after 2 s (the client's default is 60 s): a
            // connection attempt that outlives every waiter's own 2 s only holds a slot of the
            // pool, which after a restart kept the pool from the server for seconds.
            .with(new NetClientOptions().setConnectTimeout(2_000))
            .connectingTo(connect)
            .using(vertx)
            .build(),
        name,
        target);
  }

  /** The pool's name ("store", "tier-national", ...), for the readiness check. */
  public String name() {
    return name;
  }

  /** The database the pool connects to: two pools on one target can share a transaction's work. */
  public DatabaseTarget target() {
    return target;
  }

  /**
   * Succeeds when the database answers a trivial query within 1.5 s: within the readiness check's
   * own 2 s, so that a database that hangs (rather than refuses) is still named by its pool.
   */
  public Future<Void> ping() {
    // On a taken connection: a pool-level query would stay queued past its timeout (see
    // TierReader.execute).
    return pool.withConnection(connection -> connection.query("SELECT 1").execute())
        .timeout(1_500, TimeUnit.MILLISECONDS)
        .mapEmpty();
  }

  /** For store types that run queries; not for the gateway. */
  public Pool pool() {
    return pool;
  }

  public Future<Void> close() {
    return pool.close();
  }
}
