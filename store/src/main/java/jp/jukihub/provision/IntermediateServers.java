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

  private final Pool pool;
  private final Clock clock;

  public IntermediateServers(StorePool intermediate, Clock clock) {
    this.pool = intermediate.pool();
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
   * unifiedAddressNumber} ({@link Provision#answer} says which answer is due). One read, no
   * transaction.
   */
  public Future<Provision> provide(
      String requester, String unifiedAddressNumber, String provider, String item) {
    return pool.preparedQuery(PROVIDE)
        .execute(Tuple.of(requester, unifiedAddressNumber, provider, item))
        .recover(e -> SqlFailures.unavailable("the intermediate server cannot be read", e))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return new Provision(null, false, null, null);
              }
              Row row = rows.iterator().next();
              return new Provision(
                  row.getBuffer("link").getBytes(),
                  row.getBoolean("linked"),
                  (JsonObject) row.getValue("data"),
                  row.getValue("registered_at") == null
                      ? null
                      : row.getOffsetDateTime("registered_at").toInstant());
            });
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
