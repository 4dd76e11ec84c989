package jp.jukihub.provision;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import jp.jukihub.database.SqlFailures;
import jp.jukihub.database.StorePool;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.number.ResidentCode;

/**
 * A body's token acquisition (符号取得), the network's side: J-LIS has resolved the person to a
 * resident code; the network derives the link and the body's token, keeps the link, and delivers
 * the token to the body's intermediate server under the body's unified address number.
 *
 * <p>When the intermediate servers share the network's database, one transaction: a token is
 * delivered exactly when it is linked. When they have a database of their own, the network's
 * transaction (digest, link) commits first and the delivery follows in the intermediate server's
 * own. That order is safe: a token linked but not yet delivered is only invisible (no address leads
 * to it, so a query finds no token), never wrong; and a retry repeats both steps harmlessly, since
 * the digest answers the same link, the link is inserted only once and a token already delivered
 * under the number is a no-op. The other order could leave an address pointing at a token the
 * network never linked.
 */
public final class TokenAcquisition {
  // Package-private: the register's token lane runs the same statements over JDBC
  // (BlockingTokenAcquisition), so both acquisitions keep one set of rules.
  static final String REMEMBER =
      "INSERT INTO network.acquisition (body_id, digest, link, acquired_at) VALUES ($1, $2, $3, $4)"
          + " ON CONFLICT (body_id, digest) DO UPDATE SET body_id = network.acquisition.body_id"
          + " RETURNING link";
  static final String LINK =
      "INSERT INTO network.token (body_id, token, link, acquired_at) VALUES ($1, $2, $3, $4)"
          + " ON CONFLICT (body_id, token) DO NOTHING";
  static final String ADDRESSED =
      "SELECT token FROM intermediate.address WHERE body_id = $1 AND unified_address_number = $2";
  // A body that renumbers a person moves the token to the new number.
  static final String READDRESS =
      "DELETE FROM intermediate.address WHERE body_id = $1 AND token = $2";
  static final String DELIVER =
      "INSERT INTO intermediate.address (body_id, unified_address_number, token, delivered_at)"
          + " VALUES ($1, $2, $3, $4)";

  private static final String FORGET = "DELETE FROM network.acquisition WHERE acquired_at < $1";

  private final Pool network;
  private final Pool intermediate;
  private final boolean shared;
  private final NetworkKey key;
  private final Clock clock;

  /** The network and the intermediate servers on one database. */
  public TokenAcquisition(StorePool network, NetworkKey key, Clock clock) {
    this(network, network, key, clock);
  }

  /**
   * {@code network} holds the links ({@code network.*}), {@code intermediate} the addresses ({@code
   * intermediate.*}); on the same database, one transaction does both.
   */
  public TokenAcquisition(StorePool network, StorePool intermediate, NetworkKey key, Clock clock) {
    this.network = network.pool();
    this.intermediate = intermediate.pool();
    this.shared = network.target().sameDatabase(intermediate.target());
    this.key = key;
    this.clock = clock;
  }

  /**
   * Forgets the digests of acquisitions older than {@code kept}: an acquisition number may be kept
   * no longer than the acquisition needs (番号法 第21条の2), and after that even its digest goes. A
   * number reused for another person after that is no longer recognised. Answers how many went.
   */
  public Future<Integer> forgetAcquisitions(Duration kept) {
    OffsetDateTime before =
        OffsetDateTime.now(clock).minus(kept).withOffsetSameInstant(ZoneOffset.UTC);
    return network
        .preparedQuery(FORGET)
        .execute(Tuple.of(before))
        .map(rows -> rows.rowCount())
        .recover(e -> SqlFailures.unavailable("acquisition digests could not be forgotten", e));
  }

  /**
   * Links {@code bodyId}'s token for the person {@code code} names and delivers it under {@code
   * unifiedAddressNumber}. Again for the same person is a no-op; 409 {@code
   * ACQUISITION_NUMBER_REUSED} when the acquisition number served another person, 409 {@code
   * ADDRESS_NUMBER_TAKEN} when the address number holds another person's token.
   */
  public Future<Void> acquire(
      String bodyId, String acquisitionNumber, ResidentCode code, String unifiedAddressNumber) {
    byte[] link = key.link(code);
    byte[] token = key.token(bodyId, link);
    byte[] digest = key.acquisitionDigest(bodyId, acquisitionNumber);
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    Future<Void> acquired =
        shared
            ? network.withTransaction(
                connection ->
                    link(connection, bodyId, digest, link, token, now)
                        .compose(
                            linked ->
                                deliver(connection, bodyId, unifiedAddressNumber, token, now)))
            : network
                .withTransaction(connection -> link(connection, bodyId, digest, link, token, now))
                .compose(
                    linked ->
                        intermediate.withTransaction(
                            connection ->
                                deliver(connection, bodyId, unifiedAddressNumber, token, now)));
    return acquired.recover(e -> SqlFailures.unavailable("the token could not be acquired", e));
  }

  private static Future<Void> link(
      SqlConnection connection,
      String bodyId,
      byte[] digest,
      byte[] link,
      byte[] token,
      OffsetDateTime now) {
    return connection
        .preparedQuery(REMEMBER)
        .execute(Tuple.of(bodyId, Buffer.buffer(digest), Buffer.buffer(link), now))
        .compose(
            remembered -> {
              if (!Arrays.equals(remembered.iterator().next().getBuffer(0).getBytes(), link)) {
                return Future.failedFuture(
                    new HubException(
                        ErrorCode.ACQUISITION_NUMBER_REUSED,
                        "this acquisition number was used for another person"));
              }
              return connection
                  .preparedQuery(LINK)
                  .execute(Tuple.of(bodyId, Buffer.buffer(token), Buffer.buffer(link), now))
                  .mapEmpty();
            });
  }

  private static Future<Void> deliver(
      SqlConnection connection,
      String bodyId,
      String unifiedAddressNumber,
      byte[] token,
      OffsetDateTime now) {
    return connection
        .preparedQuery(ADDRESSED)
        .execute(Tuple.of(bodyId, unifiedAddressNumber))
        .compose(
            (RowSet<Row> held) -> {
              if (held.size() > 0) {
                return Arrays.equals(held.iterator().next().getBuffer(0).getBytes(), token)
                    ? Future.succeededFuture()
                    : Future.failedFuture(
                        new HubException(
                            ErrorCode.ADDRESS_NUMBER_TAKEN,
                            "this unified address number holds another person's token"));
              }
              return connection
                  .preparedQuery(READDRESS)
                  .execute(Tuple.of(bodyId, Buffer.buffer(token)))
                  .compose(
                      moved ->
                          connection
                              .preparedQuery(DELIVER)
                              .execute(
                                  Tuple.of(
                                      bodyId, unifiedAddressNumber, Buffer.buffer(token), now)))
                  .mapEmpty();
            });
  }
}
