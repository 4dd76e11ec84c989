package jp.jukihub.identity;

/**
 * Where in a tier an identity read looks, as SQL: the table, which of its rows count (a
 * municipality's open records, a prefecture's current residents), and where the changes are. Each
 * read statement is built once, here.
 */
public enum TierView {
  /** J-LIS's national server: one row per person, whatever the status. */
  NATIONAL(
      "national",
      "national.identity",
      IdentityRecord.COLUMNS,
      null,
      "SELECT version, kind, fields, reason, effective_on FROM national.identity_change WHERE person_id = $1 ORDER BY version"),
  /** A prefecture's server, for its own residents: rows of those who moved away do not count. */
  PREFECTURE(
      "prefecture",
      "prefecture.identity",
      IdentityRecord.COLUMNS,
      "pref_code = $%d AND status <> 'moved_out'",
      "SELECT version, kind, fields, reason, effective_on FROM prefecture.identity_change"
          + " WHERE person_id = $1 AND pref_code = $2 ORDER BY version"),
  /** A municipality's resident records, for its own residents: the open record only. */
  MUNICIPAL(
      "municipal",
      "municipal.resident",
      "person_id, lg_code, resident_code, my_number, name_kanji, name_kana, birth_date, sex, address_rest, status,"
          + " version, updated_at, NULL::text AS change_kind, NULL::text AS change_reason, NULL::date AS change_on",
      "lg_code = $%d AND status <> 'moved_out'",
      "SELECT c.version, c.kind, c.fields, c.reason, c.effective_on FROM municipal.change c"
          + " JOIN municipal.resident r USING (record_id) WHERE r.person_id = $1 AND r.lg_code = $2 ORDER BY c.change_id"),
  /**
   * Every prefecture in one database, for the fallback when the national server cannot answer: the
   * person's latest row (a person's version only rises, across moves; a former prefecture keeps a
   * moved-out row at the version of the move).
   */
  ANY_PREFECTURE(
      "prefecture", "prefecture.identity", IdentityRecord.COLUMNS, null, PREFECTURE.changes);

  private static final String LATEST_FIRST = " ORDER BY version DESC";

  private final String tier;
  final String byMyNumber;
  final String byResidentCode;
  final String search;
  final String changes;

  TierView(String tier, String table, String columns, String area, String changes) {
    this.tier = tier;
    this.changes = changes;
    String select = "SELECT " + columns + " FROM " + table + " WHERE ";
    String order = area == null && table.startsWith("prefecture.") ? LATEST_FIRST + " LIMIT 1" : "";
    String keyArea = area == null ? "" : " AND " + String.format(area, 2);
    this.byMyNumber = select + "my_number = $1" + keyArea + order;
    this.byResidentCode = select + "resident_code = $1" + keyArea + order;
    // $1 kana, $2 birth date, $3 sex or null, $4 lg code or null, $5 address start or null, $6
    // limit, $7 area
    this.search =
        select
            + "name_kana = $1 AND birth_date = $2 AND ($3::smallint IS NULL OR sex = $3)"
            + " AND ($4::text IS NULL OR lg_code = $4) AND ($5::text IS NULL OR starts_with(address_rest, $5))"
            + (area == null ? "" : " AND " + String.format(area, 7))
            + (table.startsWith("prefecture.") && area == null ? " AND status <> 'moved_out'" : "")
            + " ORDER BY person_id LIMIT $6";
  }

  /** The tier's name, as answers ({@code servedBy}) and change notices name it. */
  public String tier() {
    return tier;
  }

  /**
   * Whether the changes statement takes the area: every view but the national one keeps them per
   * area.
   */
  boolean changesByArea() {
    return this != NATIONAL;
  }

  boolean scoped() {
    return this == PREFECTURE || this == MUNICIPAL;
  }
}
