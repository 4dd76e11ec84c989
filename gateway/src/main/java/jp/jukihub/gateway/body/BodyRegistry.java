package jp.jukihub.gateway.body;

import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.config.ConfigException;
import jp.jukihub.gateway.config.YamlData;
import jp.jukihub.number.CorporateNumber;
import jp.jukihub.number.LgCode;

/**
 * The bodies allowed to call the hub, from a YAML data file. Every entry is checked when loaded
 * (ids, kinds, zones, check digits, id-to-code agreement), so a broken registry stops the start
 * instead of misidentifying a caller later.
 */
public final class BodyRegistry {
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final String BUNDLED = "/jp/jukihub/gateway/bodies.yaml";

  private final Map<String, Body> byId;

  private BodyRegistry(Map<String, Body> byId) {
    this.byId = Map.copyOf(byId);
  }

  /** The registry in {@code file}, or the bundled demo registry when {@code file} is null. */
  public static BodyRegistry load(Path file) {
    return of(YamlData.load(file, BUNDLED, "body registry", "bodies"));
  }

  static BodyRegistry parse(String yaml, String source) {
    return of(YamlData.parse(yaml, source, "bodies"));
  }

  private static BodyRegistry of(YamlData.Entries entries) {
    Map<String, Body> byId = new LinkedHashMap<>();
    for (int i = 0; i < entries.list().size(); i++) {
      String where = entries.source() + " entry " + (i + 1);
      if (!(entries.list().get(i) instanceof Map<?, ?> entry)) {
        throw new ConfigException(where + ": must be a mapping");
      }
      Body body = toBody(entry, where);
      if (byId.putIfAbsent(body.id(), body) != null) {
        throw new ConfigException(where + ": duplicate id '" + body.id() + "'");
      }
    }
    return new BodyRegistry(byId);
  }

  public Optional<Body> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  public Collection<Body> all() {
    return byId.values();
  }

  private static Body toBody(Map<?, ?> entry, String where) {
    String id = text(entry, "id", where);
    if (!ID.matcher(id).matches()) {
      throw new ConfigException(
          where + ": id '" + id + "' must be lower-case letters, digits and '-'");
    }
    String name = text(entry, "name", where);
    BodyKind kind = enumValue(BodyKind.class, text(entry, "kind", where), "kind", where);
    Zone zone =
        entry.get("zone") == null
            ? kind.defaultZone()
            : enumValue(Zone.class, String.valueOf(entry.get("zone")), "zone", where);
    // The firewall and the rights read the zone; a municipality declared in national_body would
    // pass rules written for national bodies. A kind lives in its own zone only.
    if (zone != kind.defaultZone()) {
      throw new ConfigException(
          where
              + " ("
              + id
              + "): a "
              + kind.name().toLowerCase(Locale.ROOT)
              + " belongs in zone "
              + kind.defaultZone().label()
              + ", not "
              + zone.label());
    }
    Optional<LgCode> lgCode = Optional.empty();
    Optional<CorporateNumber> corporateNumber = Optional.empty();
    try {
      if (kind.isLocalGovernment()) {
        LgCode code = LgCode.of(text(entry, "lgCode", where));
        checkLocalGovernment(id, kind, code, where);
        lgCode = Optional.of(code);
      } else {
        corporateNumber = Optional.of(CorporateNumber.of(text(entry, "corporateNumber", where)));
      }
    } catch (HubException e) {
      throw new ConfigException(where + " (" + id + "): " + e.detail(), e);
    }
    return new Body(id, name, kind, zone, lgCode, corporateNumber);
  }

  private static void checkLocalGovernment(String id, BodyKind kind, LgCode code, String where) {
    if (kind == BodyKind.PREFECTURE) {
      if (!code.isPrefecture() || !id.equals("pref-" + code.prefectureCode())) {
        throw new ConfigException(
            where + ": a prefecture needs a prefecture's LgCode (nn000c) and the id pref-nn");
      }
    } else if (code.isPrefecture() || !id.equals("lg-" + code.value())) {
      throw new ConfigException(
          where + ": a municipality needs a municipality's LgCode and the id lg-<lgCode>");
    }
  }

  private static String text(Map<?, ?> entry, String key, String where) {
    return YamlData.text(entry, key, where);
  }

  private static <E extends Enum<E>> E enumValue(
      Class<E> type, String value, String key, String where) {
    try {
      return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(where + ": unknown " + key + " '" + value + "'");
    }
  }
}
