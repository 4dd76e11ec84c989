package jp.jukihub.register;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import jp.jukihub.database.StorePool;

/**
 * Forgets stored first answers once retries are no longer expected: they hold personal data (the
 * resident as answered), which the register keeps anyway, but a copy need not live forever.
 */
public final class IdempotencyExpiry {
  private final Pool municipal;
  private final Duration keep;

  public IdempotencyExpiry(StorePool municipal, Duration keep) {
    this.municipal = municipal.pool();
    this.keep = keep;
  }

  /** Deletes answers older than the keeping time; completes with how many went. */
  public Future<Integer> purge() {
    return municipal
        .preparedQuery(
            "DELETE FROM municipal.idempotency WHERE created_at < now() - make_interval(secs => $1)")
        .execute(Tuple.of((double) keep.toSeconds()))
        .map(rows -> rows.rowCount());
  }
}
