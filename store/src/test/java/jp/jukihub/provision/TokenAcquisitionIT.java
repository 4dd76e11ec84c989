package jp.jukihub.provision;

import static jp.jukihub.testing.TestDatabases.scalarInt;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.database.StorePool;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.number.ResidentCode;
import jp.jukihub.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Acquisition digests are kept for a while, to refuse a number's reuse, and then forgotten. */
class TokenAcquisitionIT {
  private static final Instant THEN = Instant.parse("2026-01-01T00:00:00Z");
  private static final ResidentCode FIRST = residentCode(0);
  private static final ResidentCode SECOND = residentCode(1);

  private static Vertx vertx;
  private static DatabaseTarget database;
  private static StorePool pool;
  private final NetworkKey key = new NetworkKey(new byte[NetworkKey.KEY_BYTES]);

  @BeforeAll
  static void open() {
    vertx = Vertx.vertx();
    database = TestDatabases.fresh();
    pool = StorePool.open(vertx, database, 2, "network");
  }

  @AfterAll
  static void close() throws Exception {
    await(pool.close());
    await(vertx.close());
  }

  private TokenAcquisition at(Instant now) {
    return new TokenAcquisition(pool, key, Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void should_refuse_a_reused_number_until_its_digest_is_forgotten() throws Exception {
    await(at(THEN).acquire("lg-131016", "A-1", FIRST, "C-1"));
    Throwable reused = awaitFailure(at(THEN).acquire("lg-131016", "A-1", SECOND, "C-2"));
    assertThat(((HubException) reused).code()).isEqualTo(ErrorCode.ACQUISITION_NUMBER_REUSED);

    assertThat(await(at(THEN.plus(Duration.ofDays(29))).forgetAcquisitions(Duration.ofDays(30))))
        .as("kept for 30 days")
        .isZero();
    assertThat(await(at(THEN.plus(Duration.ofDays(31))).forgetAcquisitions(Duration.ofDays(30))))
        .isEqualTo(1);
    assertThat(scalarInt(database, "SELECT count(*) FROM network.acquisition")).isZero();
    assertThat(scalarInt(database, "SELECT count(*) FROM network.token"))
        .as("the tokens stay: only the acquisition's digest goes")
        .isEqualTo(1);
    await(at(THEN.plus(Duration.ofDays(31))).acquire("lg-131016", "A-1", SECOND, "C-2"));
  }

  private static ResidentCode residentCode(int offset) {
    // Any valid code will do: the smallest base with a check digit computed by the value type.
    for (long base = 1_000_000_000L + offset * 10L; ; base++) {
      String digits = Long.toString(base);
      for (int check = 0; check <= 9; check++) {
        try {
          return ResidentCode.of(digits + check);
        } catch (HubException invalid) {
          // not this check digit
        }
      }
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static Throwable awaitFailure(Future<?> future) throws Exception {
    try {
      await(future);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("the acquisition should have been refused");
  }
}
