package jp.jukihub.provision;

import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.error.HubException;
import jp.jukihub.number.ResidentCode;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each birth, arrival from abroad and move-in acquires its municipality's token (符号取得 as each
 * person becomes a resident): the register leaves a request in the write's own transaction ({@code
 * municipal.token_request}), and this lane, on a thread of its own with its own JDBC connections,
 * acquires the token of {@code lg-<code>} for the record's person and delivers it under the
 * record's unified address number, then deletes the request.
 *
 * <p>Restart-safe and idempotent like the tier shipper's lanes: the lane is the requests' only
 * consumer, so a request whose write has not committed is just not visible yet, and none is
 * skipped; the acquisition number is the record's ({@code R:<record id>}), so a request taken again
 * after a crash is the same acquisition, which the network answers without change. When the network
 * and the intermediate servers share the municipal database, the token and the request's removal
 * commit together; otherwise the network's transaction commits first, then the intermediate
 * servers' (when they have a database of their own), and only then are the requests removed, so a
 * crash between the commits leaves requests that are taken again. One hub node runs the lane (an
 * advisory lock); a failure is retried after a growing pause.
 */
public final class RegisterTokenLane implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RegisterTokenLane.class);
  private static final String LOCK = "jukihub-lane:provision:register-tokens";
  private static final String REQUESTS =
      "SELECT t.record_id, t.requested_at, r.lg_code, r.resident_code, r.unified_address_number"
          + " FROM municipal.token_request t JOIN municipal.resident r USING (record_id)"
          + " ORDER BY t.record_id LIMIT ?";
  private static final String TAKE =
      "DELETE FROM municipal.token_request WHERE record_id = ANY (?)";

  /** Requests per transaction, the pause between looks when idle, the first and longest retry. */
  public record Settings(int maxBatch, Duration idleWait, Duration firstRetry, Duration lastRetry) {
    public static final Settings DEFAULTS =
        new Settings(500, Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofSeconds(30));

    public Settings {
      if (maxBatch < 1 || maxBatch > 10_000) {
        throw new IllegalArgumentException("maxBatch must be 1-10000, got " + maxBatch);
      }
      if (idleWait.isNegative()
          || idleWait.isZero()
          || firstRetry.isNegative()
          || firstRetry.isZero()
          || lastRetry.compareTo(firstRetry) < 0) {
        throw new IllegalArgumentException(
            "the token lane's waits must be positive, first <= last");
      }
    }
  }

  /** A request as the lane reads it: the record and what its municipality acquires with. */
  private record Request(
      long recordId,
      OffsetDateTime requestedAt,
      String lgCode,
      String residentCode,
      String unifiedAddressNumber) {}

  private final DatabaseTarget municipal;
  private final DatabaseTarget network;
  private final DatabaseTarget intermediate;
  private final BlockingTokenAcquisition acquisition;
  private final Settings settings;
  private final RegisterTokenMeters meters;
  private final Clock clock;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean running = true;

  private RegisterTokenLane(
      DatabaseTarget municipal,
      DatabaseTarget network,
      DatabaseTarget intermediate,
      NetworkKey key,
      Settings settings,
      MeterRegistry registry,
      Clock clock) {
    this.municipal = municipal;
    this.network = network;
    this.intermediate = intermediate;
    this.acquisition = new BlockingTokenAcquisition(key);
    this.settings = settings;
    this.meters = new RegisterTokenMeters(registry);
    this.clock = clock;
    this.thread = new Thread(this::run, "jukihub-provision-register-tokens");
    thread.setDaemon(true);
  }

  /**
   * Starts the lane with its default settings; {@link #close()} stops it. {@code municipal} holds
   * the register (and its requests), {@code network} the network's tokens, {@code intermediate} the
   * intermediate servers' addresses (any of them the same database or another).
   */
  public static RegisterTokenLane start(
      DatabaseTarget municipal,
      DatabaseTarget network,
      DatabaseTarget intermediate,
      NetworkKey key,
      MeterRegistry registry,
      Clock clock) {
    return start(municipal, network, intermediate, key, Settings.DEFAULTS, registry, clock);
  }

  /** Starts the lane with the intermediate servers on the network's database. */
  public static RegisterTokenLane start(
      DatabaseTarget municipal,
      DatabaseTarget network,
      NetworkKey key,
      Settings settings,
      MeterRegistry registry,
      Clock clock) {
    return start(municipal, network, network, key, settings, registry, clock);
  }

  /** Starts the lane over the three databases (any of them the same). */
  public static RegisterTokenLane start(
      DatabaseTarget municipal,
      DatabaseTarget network,
      DatabaseTarget intermediate,
      NetworkKey key,
      Settings settings,
      MeterRegistry registry,
      Clock clock) {
    RegisterTokenLane lane =
        new RegisterTokenLane(municipal, network, intermediate, key, settings, registry, clock);
    lane.thread.start();
    return lane;
  }

  /** The acquisition number of a record's automatic acquisition: never a number a person has. */
  static String acquisitionNumber(long recordId) {
    return "R:" + recordId;
  }

  /** Stops after the current batch; the requests not taken yet wait for the next start. */
  @Override
  public void close() {
    running = false;
    stopped.countDown();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    Duration retry = settings.firstRetry();
    while (running) {
      List<Connection> opened = new ArrayList<>();
      try {
        Connection from = open(opened, municipal);
        if (!leads(from)) {
          // Another hub node runs the lane: stand by, and take over if it stops.
          pause(settings.firstRetry());
          continue;
        }
        // One connection per distinct database: those that share one share its transaction.
        Connection links = network.equals(municipal) ? from : open(opened, network);
        Connection addresses =
            intermediate.equals(municipal)
                ? from
                : intermediate.equals(network) ? links : open(opened, intermediate);
        links.setAutoCommit(false);
        addresses.setAutoCommit(false);
        log.info("register token lane running");
        while (running) {
          List<Request> batch = read(from);
          if (batch.isEmpty()) {
            // Ends the read's transaction when it shares one.
            links.rollback();
            addresses.rollback();
            retry = settings.firstRetry();
            pause(settings.idleWait());
            continue;
          }
          RegisterTokenMeters.Batch outcomes = deliver(links, addresses, batch);
          commit(from, links, addresses, batch);
          outcomes.committed();
          retry = settings.firstRetry();
        }
      } catch (SQLException e) {
        meters.failed();
        // The SQL state only: a server message can quote a row's values.
        log.warn(
            "register token lane failed (SQL state {}); retrying in {} ms",
            e.getSQLState(),
            retry.toMillis());
        pause(retry);
        retry = longer(retry);
      } catch (RuntimeException e) {
        meters.failed();
        log.error("register token lane failed; retrying in {} ms", retry.toMillis(), e);
        pause(retry);
        retry = longer(retry);
      } finally {
        opened.forEach(RegisterTokenLane::closeQuietly);
      }
    }
  }

  /**
   * The network's transaction first, then the intermediate servers', then the requests' removal:
   * each commits with the one before it when they share a database, so no request is taken before
   * its token is delivered.
   */
  private static void commit(
      Connection from, Connection links, Connection addresses, List<Request> batch)
      throws SQLException {
    if (links != addresses) {
      links.commit();
    }
    if (addresses == from) {
      take(from, batch);
      from.commit();
      return;
    }
    addresses.commit();
    take(from, batch);
    if (!from.getAutoCommit()) {
      from.commit();
    }
  }

  private static Connection open(List<Connection> opened, DatabaseTarget target)
      throws SQLException {
    Connection connection = connect(target);
    opened.add(connection);
    return connection;
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      log.debug("register token lane: a connection did not close (SQL state {})", e.getSQLState());
    }
  }

  /**
   * A connection that gives up on a server that does not answer (5 s to connect, 60 s a statement)
   * instead of hanging the lane: the failure is then retried like any other.
   */
  private static Connection connect(DatabaseTarget target) throws SQLException {
    PGSimpleDataSource source = target.dataSource();
    source.setConnectTimeout(5);
    source.setSocketTimeout(60);
    return source.getConnection();
  }

  /** One node at a time runs the lane: a session lock, gone with its connection. */
  private static boolean leads(Connection connection) throws SQLException {
    try (PreparedStatement lock =
        connection.prepareStatement("SELECT pg_try_advisory_lock(hashtext(?))")) {
      lock.setString(1, LOCK);
      try (ResultSet row = lock.executeQuery()) {
        row.next();
        return row.getBoolean(1);
      }
    }
  }

  private List<Request> read(Connection from) throws SQLException {
    try (PreparedStatement select = from.prepareStatement(REQUESTS)) {
      select.setInt(1, settings.maxBatch());
      List<Request> batch = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          batch.add(
              new Request(
                  rows.getLong("record_id"),
                  rows.getObject("requested_at", OffsetDateTime.class),
                  rows.getString("lg_code"),
                  rows.getString("resident_code"),
                  rows.getString("unified_address_number")));
        }
      }
      return batch;
    }
  }

  private RegisterTokenMeters.Batch deliver(
      Connection links, Connection addresses, List<Request> batch) throws SQLException {
    RegisterTokenMeters.Batch outcomes = meters.batch();
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    for (Request request : batch) {
      String bodyId = "lg-" + request.lgCode();
      try {
        boolean fresh =
            acquisition.acquire(
                links,
                addresses,
                bodyId,
                acquisitionNumber(request.recordId()),
                ResidentCode.of(request.residentCode()),
                request.unifiedAddressNumber(),
                now);
        outcomes.delivered(fresh, Duration.between(request.requestedAt(), now));
      } catch (HubException refused) {
        // Taken as done: asking again would be refused again. The municipality can acquire the
        // token itself through the API. No id in the log: the body and the code say enough.
        outcomes.refused();
        log.warn(
            "register token lane: the network refused {}'s token ({})", bodyId, refused.code());
      }
    }
    return outcomes;
  }

  private static void take(Connection connection, List<Request> batch) throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement(TAKE)) {
      delete.setArray(
          1, connection.createArrayOf("bigint", batch.stream().map(Request::recordId).toArray()));
      delete.executeUpdate();
    }
  }

  private Duration longer(Duration retry) {
    Duration doubled = retry.multipliedBy(2);
    return doubled.compareTo(settings.lastRetry()) > 0 ? settings.lastRetry() : doubled;
  }

  private void pause(Duration duration) {
    try {
      stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }
}
