package jp.jukihub.register;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.number.LgCode;
import jp.jukihub.number.ResidentCode;

/**
 * A change to an open record as one SQL statement: lock the municipality's latest record of the
 * resident, work out what changes, update it to the next version, and append the change to the
 * history and the outbox. One statement is its own transaction, so the busiest writes cost one
 * round trip and one commit; a refusal (closed record, nothing to change) writes nothing.
 *
 * <p>{@code fields}, {@code previous} and {@code refusal} are SQL expressions over the locked row
 * {@code t}; parameters from $6 on belong to them and to {@code assignments}.
 */
final class RecordChange {
  private static final String TARGET_COLUMNS =
      "record_id, status, name_kanji, name_kana, birth_date, sex, address_rest, my_number";

  /** Corrections of the 4 info ($6 kanji, $7 kana, $8 birth date, $9 sex, $10 address rest). */
  static final RecordChange CORRECTION =
      new RecordChange(
          "corrected",
          "array_remove(ARRAY["
              + "CASE WHEN $6::text IS NOT NULL AND ($6::text, $7::text) IS DISTINCT FROM (t.name_kanji, t.name_kana) THEN 'name' END,"
              + " CASE WHEN $8::date IS NOT NULL AND $8::date <> t.birth_date THEN 'birthDate' END,"
              + " CASE WHEN $9::smallint IS NOT NULL AND $9::smallint <> t.sex THEN 'sex' END,"
              + " CASE WHEN $10::text IS NOT NULL AND $10::text <> t.address_rest THEN 'address' END], NULL)",
          // The values before, as the history shows them (sex as the API spells it).
          "jsonb_strip_nulls(jsonb_build_object("
              + "'name', CASE WHEN 'name' = ANY (d.fields) THEN jsonb_build_object('kanji', d.name_kanji, 'kana', d.name_kana) END,"
              + " 'birthDate', CASE WHEN 'birthDate' = ANY (d.fields) THEN to_jsonb(d.birth_date) END,"
              + " 'sex', CASE WHEN 'sex' = ANY (d.fields) THEN to_jsonb(CASE d.sex WHEN 1 THEN 'male' ELSE 'female' END) END,"
              + " 'addressRest', CASE WHEN 'address' = ANY (d.fields) THEN to_jsonb(d.address_rest) END))",
          "NULL::text",
          "name_kanji = COALESCE($6, r.name_kanji), name_kana = COALESCE($7, r.name_kana),"
              + " birth_date = COALESCE($8, r.birth_date), sex = COALESCE($9, r.sex),"
              + " address_rest = COALESCE($10, r.address_rest)");

  /** A death ($6 the date of death). */
  static final RecordChange DEATH =
      new RecordChange(
          "died",
          "ARRAY['status']",
          "jsonb_build_object('status', d.status)",
          "CASE WHEN $6::date < t.birth_date THEN 'diedOn: before the birth date' END",
          "status = 'deceased', closed_on = $6");

  private final String kind;

  /** Built once: the busiest writes must not rebuild their statement on every call. */
  private final String sql;

  private RecordChange(
      String kind, String fields, String previous, String refusal, String assignments) {
    this.kind = kind;
    this.sql = sql(fields, previous, refusal, assignments);
  }

  /**
   * Runs the change; fails with RESIDENT_NOT_FOUND, RECORD_CLOSED or INVALID_REQUEST and writes
   * nothing then.
   */
  Future<ResidentRecord> apply(
      SqlClient client,
      LgCode lg,
      ResidentCode code,
      String reason,
      LocalDate effectiveOn,
      Object... own) {
    List<Object> params =
        new ArrayList<>(Arrays.asList(lg.value(), code.value(), kind, reason, effectiveOn));
    params.addAll(Arrays.asList(own));
    return client
        .preparedQuery(sql)
        .execute(Tuple.from(params))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw new HubException(
                    ErrorCode.RESIDENT_NOT_FOUND,
                    "this municipality holds no record of that resident code");
              }
              Row row = rows.iterator().next();
              if (!"current".equals(row.getString("before_status"))) {
                throw new HubException(
                    ErrorCode.RECORD_CLOSED,
                    "the record is closed (" + row.getString("before_status") + ")");
              }
              if (row.getString("refusal") != null) {
                throw new HubException(ErrorCode.INVALID_PERSON, row.getString("refusal"));
              }
              if (row.getInteger("changed") == 0) {
                throw new HubException(
                    ErrorCode.INVALID_REQUEST,
                    "nothing to correct: every field given equals the record");
              }
              return ResidentRecord.of(row);
            });
  }

  private static String sql(String fields, String previous, String refusal, String assignments) {
    return "WITH target AS (SELECT "
        + TARGET_COLUMNS
        + " FROM municipal.resident"
        + " WHERE lg_code = $1 AND resident_code = $2 ORDER BY record_id DESC LIMIT 1 FOR UPDATE),"
        + " diff AS (SELECT t.*, "
        + fields
        + " AS fields, "
        + refusal
        + " AS refusal FROM target t),"
        + " updated AS (UPDATE municipal.resident r SET "
        + assignments
        + ", version = r.version + 1, updated_at = now()"
        + " FROM diff WHERE r.record_id = diff.record_id AND diff.status = 'current'"
        + " AND cardinality(diff.fields) > 0 AND diff.refusal IS NULL RETURNING r.*),"
        + " change AS (INSERT INTO municipal.change (record_id, version, kind, fields, previous, reason, effective_on)"
        + " SELECT u.record_id, u.version, $3, d.fields, "
        + previous
        + ", $4, $5 FROM updated u CROSS JOIN diff d),"
        + " event AS (INSERT INTO municipal.outbox (person_id, version, pref_code, lg_code, resident_code, my_number,"
        + " name_kanji, name_kana, birth_date, sex, address_rest, status, change_kind, change_fields, change_reason, change_on)"
        + " SELECT u.person_id, u.version, substr(u.lg_code, 1, 2), u.lg_code, u.resident_code, u.my_number, u.name_kanji,"
        + " u.name_kana, u.birth_date, u.sex, u.address_rest, u.status, $3, d.fields, $4, $5 FROM updated u CROSS JOIN diff d)"
        + " SELECT d.status AS before_status, cardinality(d.fields) AS changed, d.refusal, "
        + ResidentRecord.columns("u")
        + " FROM diff d LEFT JOIN updated u ON true";
  }
}
