package jp.jukihub.register;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.jukihub.database.StorePool;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.number.LgCode;
import jp.jukihub.number.ResidentCode;

/**
 * A municipality's history of one resident: each record it holds (one per stay), each opening with
 * how the person became a resident and when My Number took effect, then every change. Before
 * go-live, numbers and number changes are left out.
 */
public final class PgResidentRecords implements ResidentRecords {
  private final Pool municipal;
  private final RegisterView view;

  public PgResidentRecords(StorePool municipal, RegisterView view) {
    this.municipal = municipal.pool();
    this.view = view;
  }

  @Override
  public Future<RegisterAnswer> history(LgCode lg, ResidentCode code) {
    return municipal
        .preparedQuery(
            "SELECT "
                + ResidentRecord.COLUMNS
                + " FROM municipal.resident WHERE lg_code = $1 AND resident_code = $2"
                + " ORDER BY record_id")
        .execute(Tuple.of(lg.value(), code.value()))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Future.failedFuture(
                    new HubException(
                        ErrorCode.RESIDENT_NOT_FOUND,
                        "this municipality holds no record of that resident code"));
              }
              Map<Long, ResidentRecord> records = new LinkedHashMap<>();
              rows.forEach(
                  row -> {
                    ResidentRecord record = ResidentRecord.of(row);
                    records.put(record.recordId(), record);
                  });
              return municipal
                  .preparedQuery(
                      "SELECT record_id, version, kind, fields, previous, reason, effective_on, recorded_at"
                          + " FROM municipal.change WHERE record_id = ANY($1) ORDER BY change_id")
                  .execute(Tuple.of(records.keySet().toArray(Long[]::new)))
                  .map(changes -> answer(records, changes));
            })
        .recover(IdempotentWrite::asHubException);
  }

  private RegisterAnswer answer(Map<Long, ResidentRecord> records, Iterable<Row> changes) {
    Map<Long, List<JsonObject>> entries = new LinkedHashMap<>();
    records.values().forEach(record -> entries.put(record.recordId(), opening(record)));
    for (Row row : changes) {
      String kind = row.getString("kind");
      if (!view.numbersVisible() && kind.equals("my_number_changed")) {
        continue;
      }
      entries
          .get(row.getLong("record_id"))
          .add(
              new JsonObject()
                  .put("kind", kind)
                  .put("version", row.getInteger("version"))
                  .put("fields", new JsonArray(List.of(row.getArrayOfStrings("fields"))))
                  .put("previous", row.getValue("previous"))
                  .put("reason", row.getString("reason"))
                  .put("effectiveOn", row.getLocalDate("effective_on").toString())
                  .put("recordedAt", row.getOffsetDateTime("recorded_at").toInstant().toString()));
    }
    JsonArray stays = new JsonArray();
    ResidentRecord latest = null;
    for (ResidentRecord record : records.values()) {
      stays.add(record.toJson(view).put("changes", new JsonArray(entries.get(record.recordId()))));
      latest = record;
    }
    return new RegisterAnswer(latest.personId(), new JsonObject().put("records", stays));
  }

  private List<JsonObject> opening(ResidentRecord record) {
    List<JsonObject> opening = new ArrayList<>();
    opening.add(
        new JsonObject()
            .put("kind", "registered")
            .put("reason", record.registeredReason())
            .put("effectiveOn", record.registeredOn().toString()));
    if (record.myNumber() != null && view.numbersVisible()) {
      // A number J-LIS sent before go-live counts as added at go-live (seed 003).
      opening.add(
          new JsonObject()
              .put("kind", "my_number_assigned")
              .put("effectiveAt", view.goLive().effectiveAt(record.numberAssignedAt()).toString()));
    }
    return opening;
  }
}
