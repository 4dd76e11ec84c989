package jp.jukihub.provision;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import jp.jukihub.database.SqlFailures;
import jp.jukihub.database.StorePool;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;

/**
 * The intermediate servers (中間サーバー) J-LIS runs for the bodies: each body's copies (副本) of what it
 * provides, by item and token, registered and withdrawn under the body's unified address numbers,
 * and the answer to a query the network routed from another body. They hold no My Number, resident
 * code or 4 info: the copies follow the data standard, which has no such field.
 *
 * <p>They may have a database of their own (J-LIS's platform apart from the network's): copies and
 * addresses are then read and written there, and a query asks the network's database for the link
 * between the two bodies' tokens in a step of its own.
 */
public final class IntermediateServers {
  /**
   * What the network found for a query: the person's link (null when the requester holds no token
   * for them) and the provider's copy (null when there is none, or the provider holds no token).
   */
  public record Provision(byte[] link, boolean providerLinked, JsonObject data, Instant asOf) {
    /** The answer due: the copy, or 404 {@code NO_TOKEN} / {@code NO_COPY}. */
    public Future<Provision> answer() {
      if (link == null || !providerLinked) {
        return Future.failedFuture(noToken());
      }
      if (data == null) {
        return Future.failedFuture(
            new HubException(ErrorCode.NO_COPY, "the provider holds no copy of this item"));
      }
      return Future.succeededFuture(this);
    }
  }

  private static final String TOKEN_OF =
      "SELECT token FROM intermediate.address WHERE body_id = $1 AND unified_address_number = $2";
  private static final String REGISTER =
      "INSERT INTO intermediate.copy (body_id, item, token, data, version, registered_at)"
          + " VALUES ($1, $2, $3, $4, 1, $5)"
          + " ON CONFLICT (body_id, item, token) DO UPDATE SET data = EXCLUDED.data,"
          + " version = intermediate.copy.version + 1, registered_at = EXCLUDED.registered_at"
          + " RETURNING version";
  private static final String WITHDRAW =
      "DELETE FROM intermediate.copy WHERE body_id = $1 AND item = $2 AND token = $3"
          + " RETURNING version";
  private static final String KEEP =
      "INSERT INTO intermediate.copy_history (body_id, item, token, version, data, recorded_at)"
          + " VALUES ($1, $2, $3, $4, $5, $6)";
  // Requester's number → requester's token → the network's link → provider's token → its copy;
  // which step is missing says which answer is due.
  private static final String PROVIDE =
      "SELECT requester.link, provider.token IS NOT NULL AS linked, copy.data,"
          + " copy.registered_at"
          + " FROM intermediate.address address"
          + " JOIN network.token requester"
          + "   ON requester.body_id = address.body_id AND requester.token = address.token"
          + " LEFT JOIN network.token provider"
          + "   ON provider.link = requester.link AND provider.body_id = $3"
          + " LEFT JOIN intermediate.copy copy"
          + "   ON copy.body_id = $3 AND copy.item = $4 AND copy.token = provider.token"
          + " WHERE address.body_id = $1 AND address.unified_address_number = $2";
  // The same three steps when the network is on another database: the network's step alone.
  private static final String LINKED =
      "SELECT requester.link, provider.token AS provider_token"
          + " FROM network.token requester"
          + " LEFT JOIN network.token provider"
          + "   ON provider.link = requester.link AND provider.body_id = $3"
          + " WHERE requester.body_id = $1 AND requester.token = $2";
  private static final String COPY =
      "SELECT data, registered_at FROM intermediate.copy"
          + " WHERE body_id = $1 AND item = $2 AND token = $3";
  private static final Provision NOT_LINKED = new Provision(null, false, null, null);

  private final Pool pool;
  private final Pool network;
  private final boolean shared;
  private final Clock clock;

  /** The intermediate servers on the network's database. */
  public IntermediateServers(StorePool intermediate, Clock clock) {
    this(intermediate, intermediate, clock);
  }

  /** {@code intermediate} holds the copies and addresses, {@code network} the links. */
  public IntermediateServers(StorePool intermediate, StorePool network, Clock clock) {
    this.pool = intermediate.pool();
    this.network = network.pool();
    this.shared = intermediate.target().sameDatabase(network.target());
    this.clock = clock;
  }

  /**
   * Registers (or replaces) {@code bodyId}'s copy of {@code item} for the person it numbers {@code
   * unifiedAddressNumber}; answers the copy's version. 404 {@code NO_TOKEN} when the body holds no
   * token under that number.
   */
  public Future<Integer> register(
      String bodyId, String item, String unifiedAddressNumber, JsonObject data) {
    OffsetDateTime now = now();
    return pool.withTransaction(
            connection ->
                token(connection, bodyId, unifiedAddressNumber)
                    .compose(
                        token ->
                            connection
                                .preparedQuery(REGISTER)
                                .execute(Tuple.of(bodyId, item, Buffer.buffer(token), data, now))
                                .compose(
                                    rows -> {
                                      int version = rows.iterator().next().getInteger(0);
                                      return connection
                                          .preparedQuery(KEEP)
                                          .execute(
                                              Tuple.of(
                                                  bodyId,
                                                  item,
                                                  Buffer.buffer(token),
                                                  version,
                                                  data,
                                                  now))
                                          .map(version);
                                    })))
        .recover(e -> SqlFailures.unavailable("the copy could not be registered", e));
  }

  /** Withdraws the copy; false when there was none. The withdrawal is kept in the history. */
  public Future<Boolean> withdraw(String bodyId, String item, String unifiedAddressNumber) {
    OffsetDateTime now = now();
    return pool.withTransaction(
            connection ->
                token(connection, bodyId, unifiedAddressNumber)
                    .compose(
                        token ->
                            connection
                                .preparedQuery(WITHDRAW)
                                .execute(Tuple.of(bodyId, item, Buffer.buffer(token)))
                                .compose(
                                    rows -> {
                                      if (rows.size() == 0) {
                                        return Future.succeededFuture(false);
                                      }
                                      int version = rows.iterator().next().getInteger(0) + 1;
                                      return connection
                                          .preparedQuery(KEEP)
                                          .execute(
                                              Tuple.of(
                                                  bodyId,
                                                  item,
                                                  Buffer.buffer(token),
                                                  version,
                                                  null,
                                                  now))
                                          .map(true);
                                    })))
        .recover(e -> SqlFailures.unavailable("the copy could not be withdrawn", e));
  }

  /**
   * What {@code provider} holds of {@code item} for the person {@code requester} numbers {@code
   * unifiedAddressNumber} ({@link Provision#answer} says which answer is due). No transaction: one
   * joined read when the network shares the database, else three (requester's token, the link and
   * provider's token, provider's copy), each read only when the one before found something.
   */
  public Future<Provision> provide(
      String requester, String unifiedAddressNumber, String provider, String item) {
    Future<Provision> provided =
        shared
            ? pool.preparedQuery(PROVIDE)
                .execute(Tuple.of(requester, unifiedAddressNumber, provider, item))
                .map(rows -> rows.size() == 0 ? NOT_LINKED : joined(rows.iterator().next()))
            : provideApart(requester, unifiedAddressNumber, provider, item);
    return provided.recover(
        e -> SqlFailures.unavailable("the intermediate server cannot be read", e));
  }

  private Future<Provision> provideApart(
      String requester, String unifiedAddressNumber, String provider, String item) {
    return pool.preparedQuery(TOKEN_OF)
        .execute(Tuple.of(requester, unifiedAddressNumber))
        .compose(
            addressed -> {
              if (addressed.size() == 0) {
                return Future.succeededFuture(NOT_LINKED);
              }
              Buffer token = addressed.iterator().next().getBuffer(0);
              return network
                  .preparedQuery(LINKED)
                  .execute(Tuple.of(requester, token, provider))
                  .compose(
                      linked -> {
                        if (linked.size() == 0) {
                          return Future.succeededFuture(NOT_LINKED);
                        }
                        Row row = linked.iterator().next();
                        byte[] link = row.getBuffer("link").getBytes();
                        Buffer providerToken = row.getBuffer("provider_token");
                        if (providerToken == null) {
                          return Future.succeededFuture(new Provision(link, false, null, null));
                        }
                        return pool.preparedQuery(COPY)
                            .execute(Tuple.of(provider, item, providerToken))
                            .map(
                                copies ->
                                    copies.size() == 0
                                        ? new Provision(link, true, null, null)
                                        : copy(link, copies.iterator().next()));
                      });
            });
  }

  private static Provision joined(Row row) {
    return new Provision(
        row.getBuffer("link").getBytes(),
        row.getBoolean("linked"),
        (JsonObject) row.getValue("data"),
        registeredAt(row));
  }

  private static Provision copy(byte[] link, Row row) {
    return new Provision(link, true, (JsonObject) row.getValue("data"), registeredAt(row));
  }

  private static Instant registeredAt(Row row) {
    return row.getValue("registered_at") == null
        ? null
        : row.getOffsetDateTime("registered_at").toInstant();
  }

  private static Future<byte[]> token(
      io.vertx.sqlclient.SqlConnection connection, String bodyId, String unifiedAddressNumber) {
    return connection
        .preparedQuery(TOKEN_OF)
        .execute(Tuple.of(bodyId, unifiedAddressNumber))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.failedFuture(noToken())
                    : Future.succeededFuture(rows.iterator().next().getBuffer(0).getBytes()));
  }

  /** 404 {@code NO_TOKEN}: a side of the exchange holds no token for the person. */
  public static HubException noToken() {
    return new HubException(ErrorCode.NO_TOKEN, "no token links this person for the exchange");
  }

  private OffsetDateTime now() {
    return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
  }
}
