package jp.jukihub.gateway.law;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.authorisation.LawfulUses;
import jp.jukihub.gateway.authorisation.Scope;
import jp.jukihub.gateway.body.Body;
import jp.jukihub.gateway.body.BodyKind;
import jp.jukihub.gateway.body.BodyRegistry;
import jp.jukihub.gateway.body.Party;
import jp.jukihub.gateway.config.ConfigException;
import jp.jukihub.gateway.config.YamlData;
import jp.jukihub.gateway.law.LawRow.LookupKey;

/**
 * The law table from its data file, every row checked when loaded: which table may name which
 * callers and scopes (table 1 national bodies, nationwide; 2 and 4 municipalities, 3, 5 and 6
 * prefectures, each with its scopes), known bodies, keys and fields, and the resident code only on
 * grandfathered rows. A broken table stops the start, naming the row.
 */
public final class LawTable implements LawfulUses<LawRow> {
  private static final Pattern ID = Pattern.compile("t[1-6]-[a-z0-9-]{1,60}");
  private static final String BUNDLED = "/jp/jukihub/gateway/law-table.yaml";
  private static final Set<String> KEYS =
      Set.of(
          "id",
          "table",
          "body",
          "kind",
          "law",
          "affair",
          "scope",
          "keys",
          "fields",
          "residentCode");

  private final Map<String, LawRow> byId;
  private final String source;

  private LawTable(Map<String, LawRow> byId, String source) {
    this.byId = byId;
    this.source = source;
  }

  public static LawTable load(Path file, BodyRegistry bodies) {
    return of(YamlData.load(file, BUNDLED, "law table", "rows"), bodies);
  }

  /** The row for (caller, affair), if the table has one. */
  @Override
  public Optional<LawRow> rowFor(Body caller, String affair) {
    return Optional.ofNullable(byId.get(affair)).filter(row -> row.covers(caller));
  }

  /** The row with this id, whoever may use it. */
  @Override
  public Optional<LawRow> row(String id) {
    return Optional.ofNullable(id).map(byId::get);
  }

  @Override
  public List<LawRow> rows() {
    return List.copyOf(byId.values());
  }

  @Override
  public HubException noRow(String affair) {
    return new HubException(
        ErrorCode.AFFAIR_NOT_PERMITTED, "the law table gives this body no affair '" + affair + "'");
  }

  @Override
  public HubException keyRefused(LawRow row, String key) {
    return new HubException(
        ErrorCode.AFFAIR_NOT_PERMITTED,
        "affair '" + row.id() + "' does not allow lookups by " + key);
  }

  /**
   * Out of scope and unknown get the same answer, so a caller learns nothing of who exists beyond
   * its affair; a nationwide row sees everyone, so for it only "unknown" is left.
   */
  @Override
  public HubException outOfScope(LawRow row) {
    return row.scope() == Scope.NATIONWIDE
        ? new HubException(ErrorCode.NOT_FOUND, "no resident is known by that key")
        : new HubException(
            ErrorCode.OUT_OF_SCOPE,
            "the subject is not within the scope of affair '" + row.id() + "'");
  }

  /** Where the table was read from: the operator's file, or "bundled law-table.yaml". */
  public String source() {
    return source;
  }

  static LawTable parse(String yaml, String source, BodyRegistry bodies) {
    return of(YamlData.parse(yaml, source, "rows"), bodies);
  }

  private static LawTable of(YamlData.Entries parsed, BodyRegistry bodies) {
    String source = parsed.source();
    List<?> entries = parsed.list();
    Map<String, LawRow> byId = new LinkedHashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      if (!(entries.get(i) instanceof Map<?, ?> entry)) {
        throw new ConfigException(source + ": row " + (i + 1) + " must be a mapping");
      }
      LawRow row = row(entry, source + ": row " + (i + 1), bodies);
      if (byId.putIfAbsent(row.id(), row) != null) {
        throw new ConfigException(source + ": row '" + row.id() + "' appears twice");
      }
    }
    return new LawTable(byId, source);
  }

  private static LawRow row(Map<?, ?> entry, String position, BodyRegistry bodies) {
    YamlData.onlyKeys(entry, KEYS, position);
    String id = text(entry, "id", position);
    String where = position.substring(0, position.indexOf(": ") + 2) + "row '" + id + "'";
    int table = integer(entry, "table", where);
    if (!ID.matcher(id).matches() || id.charAt(1) - '0' != table) {
      throw new ConfigException(
          where + ": an id is t<table>-<name> (a-z 0-9 '-'), its table's number first");
    }
    Party party = Party.read(entry, bodies, where);
    if (table == 1 && party.body().isEmpty()) {
      throw new ConfigException(
          where + ": table 1 names each national body itself, not a kind of body");
    }
    Scope scope = scope(text(entry, "scope", where), where);
    checkTable(table, party.kind(), scope, where);
    Set<LookupKey> keys = keys(entry, where);
    Set<String> fields = fields(entry, where);
    boolean residentCode = Boolean.TRUE.equals(entry.get("residentCode"));
    if (!residentCode
        && (keys.contains(LookupKey.RESIDENT_CODE) || fields.contains("residentCode"))) {
      throw new ConfigException(
          where
              + ": only grandfathered rows (residentCode: true) may use or release the resident code");
    }
    return new LawRow(
        id,
        table,
        party,
        text(entry, "law", where),
        text(entry, "affair", where),
        scope,
        keys,
        fields,
        residentCode);
  }

  /** Which callers and scopes each table of 住基法 can name. */
  private static void checkTable(int table, BodyKind caller, Scope scope, String where) {
    boolean fits =
        switch (table) {
          case 1 -> caller == BodyKind.NATIONAL_BODY && scope == Scope.NATIONWIDE;
          case 2, 4 ->
              caller == BodyKind.MUNICIPALITY
                  && (scope == Scope.OWN_MUNICIPALITY || scope == Scope.OTHER_MUNICIPALITIES);
          case 3 -> caller == BodyKind.PREFECTURE && scope == Scope.OTHER_PREFECTURES;
          case 5, 6 -> caller == BodyKind.PREFECTURE && scope == Scope.OWN_PREFECTURE;
          default -> false;
        };
    if (!fits) {
      throw new ConfigException(
          where
              + ": table "
              + table
              + " does not cover a "
              + caller.name().toLowerCase(Locale.ROOT)
              + " with scope "
              + scope.label());
    }
  }

  private static Scope scope(String text, String where) {
    return Scope.ofLabel(text)
        .orElseThrow(
            () ->
                new ConfigException(
                    where
                        + ": scope must be one of own-municipality, other-municipalities,"
                        + " own-prefecture, other-prefectures, nationwide"));
  }

  private static Set<LookupKey> keys(Map<?, ?> entry, String where) {
    Set<LookupKey> keys = new LinkedHashSet<>();
    for (String name : list(entry, "keys", where)) {
      LookupKey key = null;
      for (LookupKey candidate : LookupKey.values()) {
        if (candidate.label().equals(name)) {
          key = candidate;
        }
      }
      if (key == null) {
        throw new ConfigException(
            where + ": unknown key '" + name + "' (myNumber, residentCode, query)");
      }
      keys.add(key);
    }
    return Set.copyOf(keys);
  }

  private static Set<String> fields(Map<?, ?> entry, String where) {
    Set<String> fields = new HashSet<>();
    for (String name : list(entry, "fields", where)) {
      if (!LawRow.FIELDS.contains(name)) {
        throw new ConfigException(where + ": unknown field '" + name + "'");
      }
      fields.add(name);
    }
    return Set.copyOf(fields);
  }

  private static List<String> list(Map<?, ?> entry, String key, String where) {
    return YamlData.list(entry, key, where).stream().map(String::valueOf).toList();
  }

  private static int integer(Map<?, ?> entry, String key, String where) {
    if (entry.get(key) instanceof Integer number) {
      return number;
    }
    throw new ConfigException(where + ": '" + key + "' must be a number");
  }

  private static String text(Map<?, ?> entry, String key, String where) {
    return YamlData.text(entry, key, where).strip();
  }
}
