package jp.jukihub.register;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import jp.jukihub.database.SqlFailures;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;

/**
 * Runs a municipal write in one transaction, under the caller's idempotency key when there is one:
 * the key is claimed first (a concurrent retry waits on it), the answer is stored with the change,
 * and a retry after commit gets that answer back without writing anything.
 */
final class IdempotentWrite {
  /**
   * A write not done by then is answered 503: a server that hangs, rather than refuses, would
   * otherwise hold the request until TCP gives up. Within the hub's promised 2 s: by then the audit
   * writer, stuck on the same server, has refused for a while already (it gives up after {@code
   * audit.commitTimeoutMillis}, 1 s), so the refusal's own record fails at once. The write may
   * still commit once the server is back; a retry under the same key then gets its answer.
   */
  static final long ANSWER_WITHIN_MILLIS = 1_200;

  /** What a write produced: whose record, and the answer. */
  record Written(long personId, JsonObject body) {}

  private final Pool pool;

  IdempotentWrite(Pool pool) {
    this.pool = pool;
  }

  /**
   * A write that is one SQL statement: without a key it runs as its own transaction, one round
   * trip; with a key it joins the key's transaction like any other write.
   */
  Future<RegisterAnswer> runOneStatement(
      Optional<IdempotencyKey> key, Function<SqlClient, Future<Written>> write) {
    if (key.isEmpty()) {
      return inTime(
          write.apply(pool).map(IdempotentWrite::answer).recover(IdempotentWrite::asHubException));
    }
    return run(key, write::apply);
  }

  Future<RegisterAnswer> run(
      Optional<IdempotencyKey> key, Function<SqlConnection, Future<Written>> write) {
    return inTime(transaction(key, write));
  }

  private static Future<RegisterAnswer> inTime(Future<RegisterAnswer> write) {
    return SqlFailures.within(
        ANSWER_WITHIN_MILLIS, "the municipal tier did not answer in time", write);
  }

  private Future<RegisterAnswer> transaction(
      Optional<IdempotencyKey> key, Function<SqlConnection, Future<Written>> write) {
    return pool.withTransaction(
            connection -> {
              if (key.isEmpty()) {
                return write.apply(connection).map(written -> answer(written));
              }
              IdempotencyKey k = key.get();
              return connection
                  .preparedQuery(
                      "INSERT INTO municipal.idempotency (body_id, key, request_hash) VALUES ($1, $2, $3)"
                          + " ON CONFLICT DO NOTHING")
                  .execute(Tuple.of(k.bodyId(), k.key(), Buffer.buffer(k.requestHash())))
                  .compose(
                      claimed ->
                          claimed.rowCount() == 1
                              ? write
                                  .apply(connection)
                                  .compose(written -> store(connection, k, written))
                              : replay(connection, k));
            })
        .recover(IdempotentWrite::asHubException);
  }

  private static Future<RegisterAnswer> store(
      SqlConnection connection, IdempotencyKey key, Written written) {
    return connection
        .preparedQuery(
            "UPDATE municipal.idempotency SET person_id = $3, answer = $4 WHERE body_id = $1 AND key = $2")
        .execute(Tuple.of(key.bodyId(), key.key(), written.personId(), written.body()))
        .map(updated -> answer(written));
  }

  private static Future<RegisterAnswer> replay(SqlConnection connection, IdempotencyKey key) {
    return connection
        .preparedQuery(
            "SELECT request_hash, person_id, answer FROM municipal.idempotency WHERE body_id = $1 AND key = $2")
        .execute(Tuple.of(key.bodyId(), key.key()))
        .map(
            rows -> {
              Row first = rows.iterator().next();
              if (!Arrays.equals(first.getBuffer("request_hash").getBytes(), key.requestHash())) {
                throw new HubException(
                    ErrorCode.IDEMPOTENCY_KEY_REUSED,
                    "this Idempotency-Key was first used with a different request");
              }
              return new RegisterAnswer(
                  first.getLong("person_id"), (JsonObject) first.getValue("answer"));
            });
  }

  private static RegisterAnswer answer(Written written) {
    return new RegisterAnswer(written.personId(), written.body());
  }

  /**
   * A problem the write found passes as it is; a refusal by the server is a bug, unless the server
   * refused because it cannot serve now (shutting down, starting up, out of disk); the rest is an
   * outage.
   */
  static <T> Future<T> asHubException(Throwable cause) {
    if (cause instanceof HubException) {
      return Future.failedFuture(cause);
    }
    if (cause instanceof PgException pg && !SqlFailures.isOutage(pg.getSqlState())) {
      return Future.failedFuture(
          new HubException(
              ErrorCode.INTERNAL,
              "the municipal tier refused the write",
              SqlFailures.withoutValues(cause)));
    }
    return Future.failedFuture(
        new HubException(
            ErrorCode.STORE_UNAVAILABLE,
            "the municipal tier did not answer",
            SqlFailures.withoutValues(cause)));
  }
}
