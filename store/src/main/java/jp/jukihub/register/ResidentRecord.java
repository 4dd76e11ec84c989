package jp.jukihub.register;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.LocalDate;
import jp.jukihub.number.LgCode;
import jp.jukihub.person.Sex;

/** One municipal record (住民票) as read inside a write or for history. */
record ResidentRecord(
    long recordId,
    long personId,
    LgCode municipality,
    String residentCode,
    String myNumber,
    long householdId,
    String relationship,
    String nameKanji,
    String nameKana,
    LocalDate birthDate,
    Sex sex,
    String addressRest,
    String status,
    LocalDate registeredOn,
    String registeredReason,
    Instant numberAssignedAt,
    LocalDate closedOn,
    int version,
    String unifiedAddressNumber) {

  static final String COLUMNS =
      "record_id, person_id, lg_code, resident_code, my_number, household_id, relationship, name_kanji,"
          + " name_kana, birth_date, sex, address_rest, status, registered_on, registered_reason,"
          + " number_assigned_at, closed_on, version, unified_address_number";

  /**
   * {@link #COLUMNS}, each qualified by a table alias, e.g. {@code r.record_id, r.person_id, ...}.
   */
  static String columns(String alias) {
    return alias + "." + COLUMNS.replace(", ", ", " + alias + ".");
  }

  static ResidentRecord of(Row row) {
    return new ResidentRecord(
        row.getLong("record_id"),
        row.getLong("person_id"),
        LgCode.of(row.getString("lg_code")),
        row.getString("resident_code"),
        row.getString("my_number"),
        row.getLong("household_id"),
        row.getString("relationship"),
        row.getString("name_kanji"),
        row.getString("name_kana"),
        row.getLocalDate("birth_date"),
        Sex.ofCode(row.getInteger("sex")),
        row.getString("address_rest"),
        row.getString("status"),
        row.getLocalDate("registered_on"),
        row.getString("registered_reason"),
        row.getOffsetDateTime("number_assigned_at").toInstant(),
        row.getLocalDate("closed_on"),
        row.getInteger("version"),
        row.getString("unified_address_number"));
  }

  boolean isCurrent() {
    return "current".equals(status);
  }

  /**
   * The record as the municipality sees it, with its own unified address number (which only the
   * municipality links to the person); My Number only once it has gone live.
   */
  JsonObject toJson(RegisterView view) {
    JsonObject json =
        new JsonObject()
            .put("residentCode", residentCode)
            .put("name", new JsonObject().put("kanji", nameKanji).put("kana", nameKana))
            .put("birthDate", birthDate.toString())
            .put("sex", sex.label())
            .put("address", view.address(municipality, addressRest))
            .put(
                "household",
                new JsonObject().put("id", householdId).put("relationship", relationship))
            .put("status", status)
            .put("registeredOn", registeredOn.toString())
            .put("unifiedAddressNumber", unifiedAddressNumber)
            .put("version", version);
    view.putMyNumber(json, myNumber);
    if (closedOn != null) {
      json.put("closedOn", closedOn.toString());
    }
    return json;
  }
}
