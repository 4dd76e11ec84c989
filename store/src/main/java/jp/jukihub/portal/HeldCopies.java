package jp.jukihub.portal;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.jukihub.database.SqlFailures;
import jp.jukihub.database.StorePool;

/**
 * Self-information (自己情報): the copies (副本) every body holds about a person on the intermediate
 * servers, found through the network's link: the network names each body's token for the person,
 * and each body's intermediate server its copies under that token. Two reads, as the network and
 * the intermediate servers may have databases of their own.
 */
public final class HeldCopies {
  private static final String TOKENS = "SELECT body_id, token FROM network.token WHERE link = $1";
  private static final String COPIES =
      "SELECT body_id, item, token, data, version, registered_at FROM intermediate.copy"
          + " WHERE token = ANY($1) ORDER BY body_id, item";

  /** A body's copy of an item about the person. Personal data: {@link #toString()} omits it. */
  public record HeldCopy(
      String bodyId, String item, JsonObject data, int version, Instant registeredAt) {
    @Override
    public String toString() {
      return "HeldCopy(" + bodyId + " " + item + " v" + version + ")";
    }
  }

  private final Pool intermediate;
  private final Pool network;

  /** The intermediate servers on the network's database. */
  public HeldCopies(StorePool network) {
    this(network, network);
  }

  /** {@code intermediate} holds the copies, {@code network} the tokens (as IntermediateServers). */
  public HeldCopies(StorePool intermediate, StorePool network) {
    this.intermediate = intermediate.pool();
    this.network = network.pool();
  }

  /** Every copy held about the person {@code link} names, by body and item. */
  public Future<List<HeldCopy>> of(byte[] link) {
    return network
        .preparedQuery(TOKENS)
        .execute(Tuple.of(Buffer.buffer(link)))
        .compose(
            rows -> {
              Map<String, Buffer> tokens = new HashMap<>();
              rows.forEach(row -> tokens.put(row.getString("body_id"), row.getBuffer("token")));
              if (tokens.isEmpty()) {
                return Future.succeededFuture(List.<HeldCopy>of());
              }
              return intermediate
                  .preparedQuery(COPIES)
                  .execute(Tuple.tuple().addArrayOfBuffer(tokens.values().toArray(Buffer[]::new)))
                  .map(copies -> heldUnder(tokens, copies));
            })
        .recover(e -> SqlFailures.unavailable("the copies held cannot be read", e));
  }

  /**
   * The copies each body holds under its own token. A token is unique only within its body, so a
   * row of another body that happens to hold the same bytes is not the person's.
   */
  private static List<HeldCopy> heldUnder(Map<String, Buffer> tokens, RowSet<Row> copies) {
    List<HeldCopy> held = new ArrayList<>(copies.size());
    for (Row row : copies) {
      String body = row.getString("body_id");
      if (row.getBuffer("token").equals(tokens.get(body))) {
        held.add(
            new HeldCopy(
                body,
                row.getString("item"),
                (JsonObject) row.getValue("data"),
                row.getInteger("version"),
                row.getOffsetDateTime("registered_at").toInstant()));
      }
    }
    return held;
  }
}
