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
 * Moves one source's events into one tier, on its own thread: read a batch past the cursor, apply
 * it, move the cursor and publish the invalidation, all in one destination transaction. A crash at
 * any point leaves the cursor where the applied rows are, so nothing is lost or applied twice.
 *
 * <p>Events are read in (transaction id, event id) order, and only from transactions older than
 * every transaction still running in the source: an event whose transaction commits late can
 * never fall behind a cursor that has already moved past it.
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

  ShippingLane(
      String name, DatabaseTarget source, String sourceTable, String sourceChannel, Set<String> prefectures,
      DatabaseTarget destination, TierApplier applier, String sourceKey, ShipperSettings settings, TierMeters meters,
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

  void stop() {
    running = false;
  }

  @Override
  public void run() {
    while (running) {
      try (Connection from = source.dataSource().getConnection();
          Connection to = destination.dataSource().getConnection()) {
        try (Statement listen = from.createStatement()) {
          listen.execute("LISTEN " + sourceChannel);
        }
        if (!leads(to)) {
          // Another hub node runs this lane: stand by, and take over if it stops.
          sleep(settings.retryMillis());
          continue;
        }
        to.setAutoCommit(false);
        Cursor cursor = cursor(to);
        to.commit();
        while (running) {
          List<TierEvent> batch = read(from, cursor);
          if (batch.isEmpty()) {
            // Woken at once by the source's NOTIFY; the timeout covers a notice lost in a reconnect.
            from.unwrap(PGConnection.class).getNotifications(settings.idleWaitMillis());
            continue;
          }
          applier.apply(to, batch);
          TierEvent last = batch.get(batch.size() - 1);
          cursor = new Cursor(last.tx(), last.eventId());
          saveCursor(to, cursor, batch.size());
          publish(to, batch);
          to.commit();
          meters.applied(batch, clock.instant());
        }
      } catch (SQLException e) {
        meters.failed();
        // The SQL state only: a server message can quote a row's values.
        log.warn("tier lane {} failed (SQL state {}); retrying in {} ms", name, e.getSQLState(), settings.retryMillis());
        sleep(settings.retryMillis());
      } catch (RuntimeException e) {
        meters.failed();
        log.error("tier lane {} failed; retrying in {} ms", name, settings.retryMillis(), e);
        sleep(settings.retryMillis());
      }
    }
  }

  private record Cursor(String tx, long eventId) {}

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

  private Cursor cursor(Connection to) throws SQLException {
    try (PreparedStatement select =
        to.prepareStatement("SELECT tx::text, event_id FROM " + applier.tier() + ".shipment WHERE source = ?")) {
      select.setString(1, sourceKey);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? new Cursor(row.getString(1), row.getLong(2)) : new Cursor("0", 0);
      }
    }
  }

  private List<TierEvent> read(Connection from, Cursor cursor) throws SQLException {
    String origin = sourceTable.startsWith("municipal") ? "created_at" : "municipal_created_at";
    String sql =
        "SELECT event_id, tx::text AS tx, " + TierEvent.identityColumns(true) + ", " + origin + " AS origin_at"
            + " FROM " + sourceTable
            + " WHERE (tx, event_id) > (?::xid8, ?) AND tx < pg_snapshot_xmin(pg_current_snapshot())"
            + (prefectures == null ? "" : " AND pref_code = ANY (?)")
            + " ORDER BY tx, event_id LIMIT ?";
    try (PreparedStatement select = from.prepareStatement(sql)) {
      int i = 1;
      select.setString(i++, cursor.tx());
      select.setLong(i++, cursor.eventId());
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

  private void saveCursor(Connection to, Cursor cursor, int applied) throws SQLException {
    String table = applier.tier() + ".shipment";
    try (PreparedStatement upsert =
        to.prepareStatement(
            "INSERT INTO " + table + " (source, tx, event_id, applied, updated_at) VALUES (?, ?::xid8, ?, ?, now())"
                + " ON CONFLICT (source) DO UPDATE SET tx = EXCLUDED.tx, event_id = EXCLUDED.event_id,"
                + " applied = " + table + ".applied + EXCLUDED.applied, updated_at = now()")) {
      upsert.setString(1, sourceKey);
      upsert.setString(2, cursor.tx());
      upsert.setLong(3, cursor.eventId());
      upsert.setLong(4, applied);
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

  private static void send(PreparedStatement notify, String channel, String payload) throws SQLException {
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
