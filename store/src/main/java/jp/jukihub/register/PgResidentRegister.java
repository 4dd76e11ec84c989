package jp.jukihub.register;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import jp.jukihub.database.StorePool;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.jlis.JlisIssuer;
import jp.jukihub.number.LgCode;
import jp.jukihub.number.MyNumber;
import jp.jukihub.number.ResidentCode;
import jp.jukihub.person.BirthDate;
import jp.jukihub.person.PersonName;
import jp.jukihub.person.Sex;
import jp.jukihub.register.IdempotentWrite.Written;

/**
 * The municipal writes against the municipal tier (non-blocking). Each write locks the record it
 * changes, bumps the person's version, appends the change to history and the outbox, and wakes the
 * shipper; a write that opens a record (birth, arrival from abroad, move-in) also asks for the
 * municipality's token; all in the write's one transaction.
 */
public final class PgResidentRegister implements ResidentRegister {
  private static final int CERTIFICATE_BYTES = 12;
  private static final String CERTIFICATE_AND_FORMER_RECORD =
      "SELECT c.used_at, r.destination, "
          + ResidentRecord.columns("r")
          + " FROM municipal.move_out_certificate c JOIN municipal.resident r ON r.record_id = c.record_id"
          + " WHERE c.certificate_no = $1 FOR UPDATE OF c, r";

  private final IdempotentWrite writes;
  private final JlisIssuer jlis;
  private final RegisterView view;
  private final int codeBundleSize;
  private final SecureRandom random = new SecureRandom();

  public PgResidentRegister(
      StorePool municipal, JlisIssuer jlis, RegisterView view, int codeBundleSize) {
    this.writes = new IdempotentWrite(municipal.pool());
    this.jlis = jlis;
    this.view = view;
    this.codeBundleSize = codeBundleSize;
  }

  @Override
  public Future<RegisterAnswer> register(
      LgCode lg, Registration registration, Optional<IdempotencyKey> key) {
    requireKnown(lg);
    return writes.run(
        key,
        connection ->
            householdOf(connection, lg, registration.household())
                .compose(
                    household ->
                        claimCode(connection, lg, 0)
                            .compose(
                                code ->
                                    jlis.numberFor(code)
                                        .map(number -> new Claimed(code, number, household))))
                .compose(
                    claimed ->
                        connection
                            .preparedQuery(
                                "INSERT INTO municipal.resident (person_id, lg_code, resident_code, my_number,"
                                    + " household_id, relationship, name_kanji, name_kana, birth_date, sex,"
                                    + " address_rest, registered_on, registered_reason)"
                                    + " VALUES (nextval('municipal.person_id_seq'), $1, $2, $3,"
                                    + " COALESCE($4, nextval('municipal.household_id_seq')), $5, $6, $7, $8, $9, $10,"
                                    + " $11, $12) RETURNING "
                                    + ResidentRecord.COLUMNS)
                            .execute(
                                Tuple.from(
                                    Arrays.asList(
                                        lg.value(),
                                        claimed.code().value(),
                                        claimed.number().value(),
                                        claimed.household().householdId() == null
                                            ? null
                                            : claimed.household().householdId(),
                                        claimed.household().relationship(),
                                        registration.name().kanji(),
                                        registration.name().kana(),
                                        registration.birthDate().date(),
                                        registration.sex().code(),
                                        registration.addressRest(),
                                        registration.registeredOn(),
                                        registration.reason()))))
                .map(rows -> ResidentRecord.of(rows.iterator().next()))
                .compose(
                    record ->
                        outbox(
                                connection,
                                record.recordId(),
                                "registered",
                                List.of(
                                    "residentCode",
                                    "myNumber",
                                    "name",
                                    "birthDate",
                                    "sex",
                                    "address"),
                                record.registeredReason(),
                                record.registeredOn())
                            .compose(done -> requestToken(connection, record.recordId()))
                            .map(done -> new Written(record.personId(), record.toJson(view)))));
  }

  @Override
  public Future<RegisterAnswer> moveOut(LgCode lg, MoveOut moveOut, Optional<IdempotencyKey> key) {
    requireKnown(lg);
    moveOut
        .destination()
        .municipality()
        .ifPresent(
            destination -> {
              requireKnown(destination);
              if (destination.equals(lg)) {
                throw new HubException(
                    ErrorCode.INVALID_REQUEST,
                    "destination: a move inside the municipality is an address correction");
              }
            });
    String certificate = HexFormat.of().formatHex(randomBytes());
    JsonObject destination =
        new JsonObject()
            .put("lgCode", moveOut.destination().municipality().map(LgCode::value).orElse(null))
            .put("address", moveOut.destination().address());
    return writes.run(
        key,
        connection ->
            lockCurrent(connection, lg, moveOut.residentCode())
                .compose(
                    before ->
                        update(
                                connection,
                                before,
                                "status = 'moved_out', closed_on = $2, destination = $3",
                                Tuple.of(before.recordId(), moveOut.plannedOn(), destination))
                            .compose(
                                after ->
                                    change(
                                            connection,
                                            after,
                                            "moved_out",
                                            List.of("status"),
                                            new JsonObject().put("status", before.status()),
                                            moveOut.reason(),
                                            moveOut.plannedOn())
                                        .compose(
                                            done ->
                                                connection
                                                    .preparedQuery(
                                                        "INSERT INTO municipal.move_out_certificate (certificate_no, record_id) VALUES ($1, $2)")
                                                    .execute(
                                                        Tuple.of(certificate, after.recordId())))
                                        .compose(
                                            done ->
                                                outbox(
                                                    connection,
                                                    after.recordId(),
                                                    "moved_out",
                                                    List.of("status"),
                                                    moveOut.reason(),
                                                    moveOut.plannedOn()))
                                        .map(
                                            done ->
                                                new Written(
                                                    after.personId(),
                                                    certificate(
                                                        certificate,
                                                        after,
                                                        destination,
                                                        moveOut))))));
  }

  @Override
  public Future<RegisterAnswer> moveIn(LgCode lg, MoveIn moveIn, Optional<IdempotencyKey> key) {
    requireKnown(lg);
    return writes.run(
        key,
        connection ->
            connection
                .preparedQuery(CERTIFICATE_AND_FORMER_RECORD)
                .execute(Tuple.of(moveIn.certificateNumber()))
                .compose(rows -> checkCertificate(rows, lg, moveIn))
                .compose(
                    former ->
                        householdOf(connection, lg, moveIn.household())
                            .compose(
                                household ->
                                    connection
                                        .preparedQuery(
                                            "INSERT INTO municipal.resident (person_id, lg_code, resident_code, my_number,"
                                                + " household_id, relationship, name_kanji, name_kana, birth_date, sex,"
                                                + " address_rest, registered_on, registered_reason, number_assigned_at, version)"
                                                + " SELECT person_id, $2, resident_code, my_number,"
                                                + " COALESCE($3, nextval('municipal.household_id_seq')), $4, name_kanji, name_kana,"
                                                + " birth_date, sex, $5, $6, '転入', number_assigned_at, version + 1"
                                                + " FROM municipal.resident WHERE record_id = $1 RETURNING "
                                                + ResidentRecord.COLUMNS)
                                        .execute(
                                            Tuple.from(
                                                Arrays.asList(
                                                    former.recordId(),
                                                    lg.value(),
                                                    household.householdId() == null
                                                        ? null
                                                        : household.householdId(),
                                                    household.relationship(),
                                                    moveIn.addressRest(),
                                                    moveIn.movedInOn()))))
                            .map(rows -> ResidentRecord.of(rows.iterator().next()))
                            .compose(
                                record ->
                                    connection
                                        .preparedQuery(
                                            "UPDATE municipal.move_out_certificate SET used_at = now(), used_by_record = $2"
                                                + " WHERE certificate_no = $1")
                                        .execute(
                                            Tuple.of(moveIn.certificateNumber(), record.recordId()))
                                        // 転入通知: the former municipality learns of the move-in and
                                        // closes the move.
                                        .compose(
                                            done ->
                                                connection
                                                    .preparedQuery(
                                                        "UPDATE municipal.resident SET transfer_noticed_at = now() WHERE record_id = $1")
                                                    .execute(Tuple.of(former.recordId())))
                                        .compose(
                                            done ->
                                                change(
                                                    connection,
                                                    former,
                                                    "transfer_noticed",
                                                    List.of(),
                                                    new JsonObject(),
                                                    "転入通知 (" + lg.value() + ")",
                                                    moveIn.movedInOn()))
                                        .compose(
                                            done ->
                                                outbox(
                                                    connection,
                                                    record.recordId(),
                                                    "moved_in",
                                                    List.of("address", "status"),
                                                    "転入",
                                                    moveIn.movedInOn()))
                                        .compose(
                                            done -> requestToken(connection, record.recordId()))
                                        .map(
                                            done ->
                                                new Written(
                                                    record.personId(), record.toJson(view))))));
  }

  @Override
  public Future<RegisterAnswer> correct(
      LgCode lg, Correction correction, Optional<IdempotencyKey> key) {
    requireKnown(lg);
    PersonName name = correction.name().orElse(null);
    return writes.runOneStatement(
        key,
        client ->
            RecordChange.CORRECTION
                .apply(
                    client,
                    lg,
                    correction.residentCode(),
                    correction.reason(),
                    correction.effectiveOn(),
                    name == null ? null : name.kanji(),
                    name == null ? null : name.kana(),
                    correction.birthDate().map(BirthDate::date).orElse(null),
                    correction.sex().map(Sex::code).orElse(null),
                    correction.addressRest().orElse(null))
                .map(after -> new Written(after.personId(), after.toJson(view))));
  }

  @Override
  public Future<RegisterAnswer> recordDeath(LgCode lg, Death death, Optional<IdempotencyKey> key) {
    requireKnown(lg);
    return writes.runOneStatement(
        key,
        client ->
            RecordChange.DEATH
                .apply(
                    client,
                    lg,
                    death.residentCode(),
                    death.reason(),
                    death.diedOn(),
                    death.diedOn())
                .map(after -> new Written(after.personId(), after.toJson(view))));
  }

  @Override
  public Future<RegisterAnswer> changeMyNumber(
      LgCode lg, NumberChange numberChange, Optional<IdempotencyKey> key) {
    requireKnown(lg);
    return writes.run(
        key,
        connection ->
            lockCurrent(connection, lg, numberChange.residentCode())
                .compose(
                    before ->
                        jlis.replace(
                                ResidentCode.of(before.residentCode()),
                                MyNumber.of(before.myNumber()))
                            .compose(
                                number ->
                                    update(
                                        connection,
                                        before,
                                        "my_number = $2",
                                        Tuple.of(before.recordId(), number.value())))
                            .compose(
                                after ->
                                    change(
                                            connection,
                                            after,
                                            "my_number_changed",
                                            List.of("myNumber"),
                                            new JsonObject().put("myNumber", before.myNumber()),
                                            numberChange.reason(),
                                            numberChange.effectiveOn())
                                        .compose(
                                            done ->
                                                outbox(
                                                    connection,
                                                    after.recordId(),
                                                    "my_number_changed",
                                                    List.of("myNumber"),
                                                    numberChange.reason(),
                                                    numberChange.effectiveOn()))
                                        .map(
                                            done ->
                                                new Written(
                                                    after.personId(), after.toJson(view))))));
  }

  // --- the steps the writes share -------------------------------------------------------------

  private record Placement(Long householdId, String relationship) {}

  private record Claimed(ResidentCode code, MyNumber number, Placement household) {}

  private void requireKnown(LgCode lg) {
    if (!view.knows(lg)) {
      throw new HubException(ErrorCode.UNKNOWN_MUNICIPALITY, "no municipality has this LgCode");
    }
  }

  /** The municipality's open record of the resident, locked; refused when closed. */
  private static Future<ResidentRecord> lockCurrent(
      SqlConnection connection, LgCode lg, ResidentCode code) {
    return connection
        .preparedQuery(
            "SELECT "
                + ResidentRecord.COLUMNS
                + " FROM municipal.resident WHERE lg_code = $1 AND resident_code = $2"
                + " ORDER BY record_id DESC LIMIT 1 FOR UPDATE")
        .execute(Tuple.of(lg.value(), code.value()))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw new HubException(
                    ErrorCode.RESIDENT_NOT_FOUND,
                    "this municipality holds no record of that resident code");
              }
              ResidentRecord record = ResidentRecord.of(rows.iterator().next());
              if (!record.isCurrent()) {
                throw new HubException(
                    ErrorCode.RECORD_CLOSED, "the record is closed (" + record.status() + ")");
              }
              return record;
            });
  }

  /** Sets {@code assignments} ($1 is the record id) and moves the person to the next version. */
  private static Future<ResidentRecord> update(
      SqlConnection connection, ResidentRecord before, String assignments, Tuple params) {
    return connection
        .preparedQuery(
            "UPDATE municipal.resident SET "
                + assignments
                + ", version = version + 1, updated_at = now()"
                + " WHERE record_id = $1 RETURNING "
                + ResidentRecord.COLUMNS)
        .execute(params)
        .map(rows -> ResidentRecord.of(rows.iterator().next()));
  }

  private static Future<RowSet<Row>> change(
      SqlConnection connection,
      ResidentRecord after,
      String kind,
      List<String> fields,
      JsonObject previous,
      String reason,
      LocalDate effectiveOn) {
    return connection
        .preparedQuery(
            "INSERT INTO municipal.change (record_id, version, kind, fields, previous, reason, effective_on)"
                + " VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .execute(
            Tuple.from(
                Arrays.asList(
                    after.recordId(),
                    after.version(),
                    kind,
                    fields.toArray(String[]::new),
                    previous,
                    reason,
                    effectiveOn)));
  }

  /**
   * The change's event, copied from the record as it now stands. No NOTIFY here: PostgreSQL
   * serialises the commits of notifying transactions, which would cost every write its own fsync;
   * the shipper polls its small outbox instead.
   */
  private static Future<RowSet<Row>> outbox(
      SqlConnection connection,
      long recordId,
      String kind,
      List<String> fields,
      String reason,
      LocalDate on) {
    return connection
        .preparedQuery(
            "INSERT INTO municipal.outbox (person_id, version, pref_code, lg_code, resident_code, my_number,"
                + " name_kanji, name_kana, birth_date, sex, address_rest, status, change_kind, change_fields,"
                + " change_reason, change_on)"
                + " SELECT person_id, version, substr(lg_code, 1, 2), lg_code, resident_code, my_number, name_kanji,"
                + " name_kana, birth_date, sex, address_rest, status, $2, $3, $4, $5"
                + " FROM municipal.resident WHERE record_id = $1")
        .execute(
            Tuple.from(Arrays.asList(recordId, kind, fields.toArray(String[]::new), reason, on)));
  }

  /**
   * The new record's municipality needs its token for the person: the token lane acquires it
   * ({@code provision.RegisterTokenLane}), once this write has committed.
   */
  private static Future<RowSet<Row>> requestToken(SqlConnection connection, long recordId) {
    return connection
        .preparedQuery("INSERT INTO municipal.token_request (record_id) VALUES ($1)")
        .execute(Tuple.of(recordId));
  }

  private Future<Placement> householdOf(SqlConnection connection, LgCode lg, Household household) {
    if (household.head().isEmpty()) {
      return Future.succeededFuture(new Placement(null, Household.HEAD));
    }
    return connection
        .preparedQuery(
            // FOR SHARE: the head cannot move out or die while the new member joins.
            "SELECT household_id FROM municipal.resident WHERE lg_code = $1 AND resident_code = $2 AND status = 'current'"
                + " FOR SHARE")
        .execute(Tuple.of(lg.value(), household.head().get().value()))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw new HubException(
                    ErrorCode.HOUSEHOLD_NOT_FOUND,
                    "household.headResidentCode is not a current resident of this municipality");
              }
              return new Placement(rows.iterator().next().getLong(0), household.relationship());
            });
  }

  /** A resident code from the municipality's bundle; an empty bundle is refilled by J-LIS first. */
  private Future<ResidentCode> claimCode(SqlConnection connection, LgCode lg, int refills) {
    return connection
        .preparedQuery(
            "DELETE FROM municipal.spare_code WHERE resident_code ="
                + " (SELECT resident_code FROM municipal.spare_code WHERE lg_code = $1 LIMIT 1 FOR UPDATE SKIP LOCKED)"
                + " RETURNING resident_code")
        .execute(Tuple.of(lg.value()))
        .compose(
            rows -> {
              if (rows.size() > 0) {
                return Future.succeededFuture(ResidentCode.of(rows.iterator().next().getString(0)));
              }
              if (refills == 2) {
                return Future.failedFuture(
                    new HubException(
                        ErrorCode.STORE_UNAVAILABLE, "no resident code left in the bundle"));
              }
              // Stored in this transaction: a second connection from the same pool could wait on a
              // pool that writes like this one have filled. A rolled-back write loses its bundle,
              // a hundred codes out of ten billion, which J-LIS never issues again.
              return jlis.issueCodes(lg, codeBundleSize)
                  .compose(
                      codes ->
                          connection
                              .preparedQuery(
                                  "INSERT INTO municipal.spare_code (resident_code, lg_code) SELECT code, $2 FROM unnest($1::text[]) AS code")
                              .execute(
                                  Tuple.of(
                                      codes.stream()
                                          .map(ResidentCode::value)
                                          .toArray(String[]::new),
                                      lg.value())))
                  .compose(done -> claimCode(connection, lg, refills + 1));
            });
  }

  private JsonObject certificate(
      String number, ResidentRecord record, JsonObject destination, MoveOut moveOut) {
    JsonObject json =
        new JsonObject()
            .put("certificateNumber", number)
            .put("issuedBy", record.municipality().value())
            .put("residentCode", record.residentCode())
            .put(
                "name",
                new JsonObject().put("kanji", record.nameKanji()).put("kana", record.nameKana()))
            .put("birthDate", record.birthDate().toString())
            .put("sex", record.sex().label())
            .put("address", view.address(record.municipality(), record.addressRest()))
            .put("destination", destination)
            .put("plannedOn", moveOut.plannedOn().toString());
    view.putMyNumber(json, record.myNumber());
    return json;
  }

  private static Future<ResidentRecord> checkCertificate(
      RowSet<Row> rows, LgCode lg, MoveIn moveIn) {
    if (rows.size() == 0) {
      return invalid("no move-out certificate has this number");
    }
    Row row = rows.iterator().next();
    ResidentRecord former = ResidentRecord.of(row);
    if (row.getValue("used_at") != null) {
      return invalid("the certificate was already used for a move-in");
    }
    if (!former.residentCode().equals(moveIn.residentCode().value())) {
      return invalid("the certificate was issued for another resident code");
    }
    if (former.municipality().equals(lg)) {
      return invalid("the certificate was issued by this municipality");
    }
    JsonObject destination = (JsonObject) row.getValue("destination");
    String destinationCode = destination == null ? null : destination.getString("lgCode");
    if (destinationCode != null && !destinationCode.equals(lg.value())) {
      return invalid("the certificate names another destination municipality");
    }
    if (moveIn.movedInOn().isBefore(former.registeredOn())
        || (former.closedOn() != null && moveIn.movedInOn().isBefore(former.closedOn()))) {
      return invalid("movedInOn is before the move-out");
    }
    return Future.succeededFuture(former);
  }

  private static Future<ResidentRecord> invalid(String detail) {
    return Future.failedFuture(new HubException(ErrorCode.CERTIFICATE_INVALID, detail));
  }

  private byte[] randomBytes() {
    byte[] bytes = new byte[CERTIFICATE_BYTES];
    random.nextBytes(bytes);
    return bytes;
  }
}
