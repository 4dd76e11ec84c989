package jp.jukihub.database;

import static jp.jukihub.testing.TestDatabases.scalarInt;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import jp.jukihub.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The store's pools under load. A request that cannot get a connection within {@link
 * StorePool#WAIT_FOR_CONNECTION_MILLIS} is refused, and its statement never runs: under overload
 * the database must not spend itself on answers past their deadline, which took every answer past
 * it (`./hub bench changes`).
 */
class StorePoolIT {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close();
  }

  @Test
  void should_refuse_a_queued_write_before_its_deadline_and_never_run_it_later() throws Exception {
    DatabaseTarget database = TestDatabases.fresh();
    StorePool one = StorePool.open(vertx, database, 1, "one");
    one.pool()
        .query("CREATE TABLE public.late_write (id int)")
        .execute()
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);

    Future<?> busy = one.pool().query("SELECT pg_sleep(2)").execute();
    long asked = System.nanoTime();
    Future<?> queued = one.pool().query("INSERT INTO public.late_write VALUES (1)").execute();

    Throwable refused = failure(queued);
    long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked);
    assertThat(refused).as("refused while the only connection is busy").isNotNull();
    assertThat(waitedMillis)
        .as("refused within the 1.2 s deadlines of reads and writes")
        .isLessThan(1_200);
    busy.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(scalarInt(database, "SELECT count(*) FROM public.late_write"))
        .as("the refused write never ran once the connection was free")
        .isZero();
  }

  /**
   * Vert.x keeps statements over 2 KiB unprepared by default, and then PostgreSQL parses and plans
   * each call afresh: the register's correction (2.6 KiB) cost about a millisecond more of its CPU
   * per change (`./hub bench changes`).
   */
  @Test
  void should_keep_a_long_statement_prepared_across_calls() throws Exception {
    StorePool one = StorePool.open(vertx, TestDatabases.fresh(), 1, "one");
    String longStatement =
        "SELECT $1::int + 1 AS next /* " + "a long statement ".repeat(300) + "*/";
    for (int i = 0; i < 7; i++) {
      one.pool()
          .preparedQuery(longStatement)
          .execute(Tuple.of(i))
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
    }

    Row prepared =
        one.pool()
            .preparedQuery(
                "SELECT count(*) AS statements, sum(generic_plans + custom_plans) AS runs"
                    + " FROM pg_prepared_statements WHERE statement = $1")
            .execute(Tuple.of(longStatement))
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS)
            .iterator()
            .next();
    assertThat(longStatement.length()).isGreaterThan(4_096);
    assertThat(prepared.getLong("statements")).as("prepared once on the connection").isEqualTo(1);
    assertThat(prepared.getLong("runs")).as("every call ran that one statement").isEqualTo(7);
  }

  private static Throwable failure(Future<?> future) throws Exception {
    try {
      future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }
}
