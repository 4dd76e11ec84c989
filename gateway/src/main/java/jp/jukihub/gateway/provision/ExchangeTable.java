package jp.jukihub.gateway.provision;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.authorisation.Grant;
import jp.jukihub.gateway.authorisation.LawfulUses;
import jp.jukihub.gateway.body.Body;
import jp.jukihub.gateway.body.BodyKind;
import jp.jukihub.gateway.body.BodyRegistry;
import jp.jukihub.gateway.body.Party;
import jp.jukihub.gateway.config.ConfigException;
import jp.jukihub.gateway.config.YamlData;
import jp.jukihub.gateway.pipeline.AuditNotebook;

/**
 * The table of lawful exchanges (番号法 第19条第8号, 別表第二; since 2024 the 主務省令 that replaced it) from its
 * data file, every row checked when loaded: unique ids, known bodies and kinds, items of the data
 * standard, no verifier, portal or ops on either side, something to ask. A broken table stops the
 * start, naming the row. Every refusal is 403 {@code EXCHANGE_NOT_PERMITTED}.
 */
public final class ExchangeTable implements LawfulUses<ExchangeRow> {
  private static final String BUNDLED = "/jp/jukihub/gateway/exchange-table.yaml";
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final Set<String> KEYS =
      Set.of(
          "id",
          "row",
          "requester",
          "requesterName",
          "law",
          "affair",
          "source",
          "alsoSeenOn",
          "note",
          "provides");
  private static final Set<String> PROVISION_KEYS =
      Set.of("provider", "providerName", "item", "itemName", "note");

  /** Who never takes part in an exchange: they hold no copies and run no affair of the table. */
  private static final Set<BodyKind> OUTSIDERS =
      EnumSet.of(BodyKind.VERIFIER, BodyKind.PORTAL, BodyKind.OPS);

  private final Map<String, ExchangeRow> byId;
  private final DataStandard standard;
  private final String source;

  private ExchangeTable(Map<String, ExchangeRow> byId, DataStandard standard, String source) {
    this.byId = byId;
    this.standard = standard;
    this.source = source;
  }

  /** The table in {@code file}, or the bundled one when {@code file} is null. */
  public static ExchangeTable load(Path file, BodyRegistry bodies, DataStandard standard) {
    return of(
        YamlData.load(file, BUNDLED, "table of lawful exchanges", "affairs"), bodies, standard);
  }

  static ExchangeTable parse(
      String yaml, String source, BodyRegistry bodies, DataStandard standard) {
    return of(YamlData.parse(yaml, source, "affairs"), bodies, standard);
  }

  /**
   * Decides a query: the row for (caller, {@code affair}) must let the caller ask {@code provider}
   * for {@code item}. The row goes into the notebook once the caller has the affair, whether it
   * allows the query or not.
   */
  public Grant grant(AuditNotebook notes, String affair, String item, Body provider) {
    Body caller = notes.caller();
    ExchangeRow row = rowFor(caller, affair).orElseThrow(() -> noRow(affair));
    notes.affair(row.id());
    if (provider.id().equals(caller.id()) || !row.permits(provider, item)) {
      throw refused(
          "affair '" + row.id() + "' does not let this body ask that provider for " + item(item));
    }
    return new Grant(row, caller, () -> outOfScope(row));
  }

  /** The rows {@code requester} may use. */
  public List<ExchangeRow> rowsFor(Body requester) {
    return byId.values().stream().filter(row -> row.covers(requester)).toList();
  }

  @Override
  public Optional<ExchangeRow> rowFor(Body caller, String affair) {
    return row(affair).filter(row -> row.covers(caller));
  }

  @Override
  public Optional<ExchangeRow> row(String id) {
    return Optional.ofNullable(id).map(byId::get);
  }

  @Override
  public List<ExchangeRow> rows() {
    return List.copyOf(byId.values());
  }

  /**
   * Names the affair only if it is a row of the table: a caller's other words are never repeated.
   */
  @Override
  public HubException noRow(String affair) {
    return refused(
        row(affair)
            .map(
                row -> "the table of lawful exchanges gives this body no affair '" + row.id() + "'")
            .orElse("the table of lawful exchanges has no such affair"));
  }

  @Override
  public HubException keyRefused(ExchangeRow row, String key) {
    return refused("affair '" + row.id() + "' names its subject by a token, not by a key");
  }

  @Override
  public HubException outOfScope(ExchangeRow row) {
    return refused("the subject is not within affair '" + row.id() + "'");
  }

  /** Where the table was read from: the operator's file, or "bundled exchange-table.yaml". */
  public String source() {
    return source;
  }

  private String item(String item) {
    return standard.knows(item) ? "'" + item + "'" : "an item the data standard does not know";
  }

  private static HubException refused(String detail) {
    return new HubException(ErrorCode.EXCHANGE_NOT_PERMITTED, detail);
  }

  private static ExchangeTable of(
      YamlData.Entries parsed, BodyRegistry bodies, DataStandard standard) {
    String source = parsed.source();
    Map<String, ExchangeRow> byId = new LinkedHashMap<>();
    for (int i = 0; i < parsed.list().size(); i++) {
      String position = source + ": affair " + (i + 1);
      ExchangeRow row =
          row(YamlData.mapping(parsed.list().get(i), position), position, bodies, standard);
      if (byId.putIfAbsent(row.id(), row) != null) {
        throw new ConfigException(source + ": affair '" + row.id() + "' appears twice");
      }
    }
    return new ExchangeTable(byId, standard, source);
  }

  private static ExchangeRow row(
      Map<?, ?> entry, String position, BodyRegistry bodies, DataStandard standard) {
    YamlData.onlyKeys(entry, KEYS, position);
    String id = text(entry, "id", position);
    String where = position.substring(0, position.indexOf(": ") + 2) + "affair '" + id + "'";
    if (!ID.matcher(id).matches()) {
      throw new ConfigException(where + ": an id is 1-63 of a-z 0-9 '-'");
    }
    Party requester = party(entry.get("requester"), "requester", bodies, where);
    String cited = text(entry, "source", where);
    if (!cited.startsWith("https://") && !cited.startsWith("http://")) {
      throw new ConfigException(where + ": 'source' cites where the row was read (a URL)");
    }
    List<ExchangeRow.Provision> provides = new ArrayList<>();
    List<?> declared = YamlData.list(entry, "provides", where);
    for (int i = 0; i < declared.size(); i++) {
      String at = where + ", provides " + (i + 1);
      Map<?, ?> provision = YamlData.mapping(declared.get(i), at);
      YamlData.onlyKeys(provision, PROVISION_KEYS, at);
      Party provider = party(provision.get("provider"), "provider", bodies, at);
      String item = text(provision, "item", at);
      if (!standard.knows(item)) {
        throw new ConfigException(at + ": the data standard has no item '" + item + "'");
      }
      ExchangeRow.Provision added =
          new ExchangeRow.Provision(provider, text(provision, "providerName", at), item);
      if (provides.stream().anyMatch(p -> p.provider().equals(provider) && p.item().equals(item))) {
        throw new ConfigException(
            at + ": " + provider.label() + " is asked for '" + item + "' twice");
      }
      provides.add(added);
    }
    return new ExchangeRow(
        id,
        text(entry, "row", where),
        requester,
        text(entry, "requesterName", where),
        text(entry, "law", where),
        text(entry, "affair", where),
        cited,
        provides);
  }

  /** A requester or provider: a registered body or kind, never a verifier, the portal or ops. */
  private static Party party(Object value, String role, BodyRegistry bodies, String where) {
    String at = where + ": " + role;
    Party party = Party.read(YamlData.mapping(value, at), bodies, at);
    if (OUTSIDERS.contains(party.kind())) {
      throw new ConfigException(
          at
              + " is "
              + party.label()
              + ": a verifier, the portal or ops never takes part in an exchange");
    }
    return party;
  }

  private static String text(Map<?, ?> entry, String key, String where) {
    return YamlData.text(entry, key, where).strip();
  }
}
