package jp.jukihub.tiers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import jp.jukihub.database.DatabaseTarget;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves one source's events into one tier, on its own thread: read the oldest events, apply them
 * and record the shipment in one destination transaction, then delete them from the source (in that
 * same transaction when source and destination share a database).
 *
 * <p>Each event has this lane as its only consumer, so no cursor is needed: an event whose
 * transaction has not committed is just not visible yet and is read once it is, never skipped. A
 * crash after the destination's commit and before the delete repeats the apply, which changes
 * nothing (rows move only to newer versions; change info and forwards are kept once).
 */
final class ShippingLane implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(ShippingLane.class);
  private static final int MAX_NOTIFY_PAYLOAD = 7_000;

  private final String name;
  private final DatabaseTarget source;
  private final String sourceTable;
  private final String sourceChannel;
  private final Set<String> prefectures;
  private final DatabaseTarget destination;
  private final TierApplier applier;
  private final String sourceKey;
  private final ShipperSettings settings;
  private final TierMeters meters;
  private final Clock clock;
  private volatile boolean running = true;
  private volatile boolean leading;
  private long leadConfirmedNanos = System.nanoTime();
  private static final long CONFIRM_LEAD_NANOS = 1_000_000_000L;

  ShippingLane(
      String name,
      DatabaseTarget source,
      String sourceTable,
      String sourceChannel,
      Set<String> prefectures,
      DatabaseTarget destination,
      TierApplier applier,
      String sourceKey,
      ShipperSettings settings,
      TierMeters meters,
      Clock clock) {
    this.name = name;
    this.source = source;
    this.sourceTable = sourceTable;
    this.sourceChannel = sourceChannel;
    this.prefectures = prefectures;
    this.destination = destination;
    this.applier = applier;
    this.sourceKey = sourceKey;
    this.settings = settings;
    this.meters = meters;
    this.clock = clock;
  }

  String name() {
    return name;
  }

  /** Whether this node ships the lane now (it holds the lane's lock); for the lane's gauge. */
  boolean leading() {
    return leading;
  }

  void stop() {
    running = false;
  }

  @Override
  public void run() {
    boolean sameDatabase = source.sameDatabase(destination);
    while (running) {
      try (Connection from = source.dataSource().getConnection();
          Connection to = destination.dataSource().getConnection()) {
        if (sourceChannel != null) {
          try (Statement listen = from.createStatement()) {
            listen.execute("LISTEN " + sourceChannel);
          }
        }
        if (!leads(to)) {
          // Another hub node runs this lane: stand by, and take over if it stops.
          sleep(settings.retryMillis());
          continue;
        }
        to.setAutoCommit(false);
        leading = true;
        log.info("tier lane {} shipping", name);
        while (running) {
          List<TierEvent> batch = read(from);
          if (batch.isEmpty()) {
            confirmLead(to);
            // Woken at once by the source's NOTIFY, if it sends one; else this is the polling
            // interval.
            from.unwrap(PGConnection.class).getNotifications(settings.idleWaitMillis());
            continue;
          }
          int fresh = applier.apply(to, batch);
          record(to, batch.get(batch.size() - 1).eventId(), fresh);
          publish(to, batch);
          if (sameDatabase) {
            delete(to, batch);
            to.commit();
          } else {
            to.commit();
            delete(from, batch);
          }
          meters.applied(batch, clock.instant());
        }
      } catch (SQLException e) {
        leading = false;
        meters.failed();
        // The SQL state only: a server message can quote a row's values.
        log.warn(
            "tier lane {} failed (SQL state {}); retrying in {} ms",
            name,
            e.getSQLState(),
            settings.retryMillis());
        sleep(settings.retryMillis());
      } catch (RuntimeException e) {
        leading = false;
        meters.failed();
        log.error("tier lane {} failed; retrying in {} ms", name, settings.retryMillis(), e);
        sleep(settings.retryMillis());
      }
    }
    leading = false;
  }

  /**
   * An idle lane reads only its source, so a cut session at its destination (a proxy that closed
   * it, a server restart) would go unnoticed until the next batch, while another node took the lock
   * and shipped: this node would still say it leads. Once a second, the destination's session must
   * answer; if it does not, the lane starts again and asks for the lock anew.
   */
  private void confirmLead(Connection to) throws SQLException {
    long now = System.nanoTime();
    if (now - leadConfirmedNanos < CONFIRM_LEAD_NANOS) {
      return;
    }
    if (!to.isValid(2)) {
      throw new SQLException(
          "the destination's session is gone, and the lane's lock with it", "08006");
    }
    leadConfirmedNanos = now;
  }

  /** One node at a time runs each lane: a session lock, gone with its connection. */
  private boolean leads(Connection to) throws SQLException {
    try (PreparedStatement lock = to.prepareStatement("SELECT pg_try_advisory_lock(hashtext(?))")) {
      lock.setString(1, "jukihub-lane:" + applier.tier() + ":" + sourceKey);
      try (ResultSet row = lock.executeQuery()) {
        row.next();
        return row.getBoolean(1);
      }
    }
  }

  private List<TierEvent> read(Connection from) throws SQLException {
    String origin = sourceTable.startsWith("municipal") ? "created_at" : "municipal_created_at";
    String sql =
        "SELECT event_id, "
            + TierEvent.COLUMNS
            + ", "
            + origin
            + " AS origin_at FROM "
            + sourceTable
            + (prefectures == null ? "" : " WHERE pref_code = ANY (?::bpchar[])")
            + " ORDER BY event_id LIMIT ?";
    try (PreparedStatement select = from.prepareStatement(sql)) {
      int i = 1;
      if (prefectures != null) {
        select.setArray(i++, from.createArrayOf("text", prefectures.toArray()));
      }
      select.setInt(i, settings.maxBatch());
      List<TierEvent> batch = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          batch.add(TierEvent.read(rows));
        }
      }
      return batch;
    }
  }

  private void delete(Connection connection, List<TierEvent> batch) throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM " + sourceTable + " WHERE event_id = ANY (?)")) {
      delete.setArray(
          1, connection.createArrayOf("bigint", batch.stream().map(TierEvent::eventId).toArray()));
      delete.executeUpdate();
    }
  }

  private void record(Connection to, long lastEventId, int fresh) throws SQLException {
    String table = applier.tier() + ".shipment";
    try (PreparedStatement upsert =
        to.prepareStatement(
            "INSERT INTO "
                + table
                + " (source, event_id, applied, updated_at) VALUES (?, ?, ?, now())"
                + " ON CONFLICT (source) DO UPDATE SET event_id = EXCLUDED.event_id,"
                + " applied = "
                + table
                + ".applied + EXCLUDED.applied, updated_at = now()")) {
      upsert.setString(1, sourceKey);
      upsert.setLong(2, lastEventId);
      upsert.setLong(3, fresh);
      upsert.executeUpdate();
    }
  }

  /** Delivered at commit: the invalidations, and a wake-up for the lane reading this tier next. */
  private void publish(Connection to, List<TierEvent> batch) throws SQLException {
    try (PreparedStatement notify = to.prepareStatement("SELECT pg_notify(?, ?)")) {
      StringBuilder ids = new StringBuilder();
      for (TierEvent event : batch) {
        if (ids.length() > MAX_NOTIFY_PAYLOAD) {
          send(notify, Notifications.IDENTITY, applier.tier() + ":" + ids);
          ids.setLength(0);
        }
        ids.append(ids.length() == 0 ? "" : ",").append(event.personId());
      }
      send(notify, Notifications.IDENTITY, applier.tier() + ":" + ids);
      if (applier == TierApplier.PREFECTURE) {
        send(notify, Notifications.PREFECTURE_OUTBOX, "");
      }
    }
  }

  private static void send(PreparedStatement notify, String channel, String payload)
      throws SQLException {
    notify.setString(1, channel);
    notify.setString(2, payload);
    notify.execute();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
