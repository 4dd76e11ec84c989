package jp.jukihub.gateway.provision;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.config.ConfigException;
import jp.jukihub.gateway.config.YamlData;

/**
 * The data standard (特定個人情報データ標準レイアウト, modelled on): for each information item, the fields of its
 * copy (副本), each with its type, digits or codes. Checked when loaded; {@link #validate} holds a
 * copy to it, refusing with 400 {@code COPY_NOT_STANDARD} that names the field and the rule, never
 * the value.
 */
public final class DataStandard {
  private static final String BUNDLED = "/jp/jukihub/gateway/data-standard.yaml";
  private static final Pattern ITEM = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  /** A field name the answer may repeat: a plain token, which cannot carry a number or a name. */
  private static final Pattern FIELD = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,63}");

  private record Field(FieldType type, boolean required) {}

  private record Item(String name, Map<String, Field> fields) {}

  private final Map<String, Item> items;

  private DataStandard(Map<String, Item> items) {
    this.items = Map.copyOf(items);
  }

  /** The bundled data standard. */
  public static DataStandard load() {
    return of(YamlData.loadSection(BUNDLED, "data standard", "items"));
  }

  static DataStandard parse(String yaml, String source) {
    return of(YamlData.parseSection(yaml, source, "items"));
  }

  public Set<String> items() {
    return items.keySet();
  }

  public boolean knows(String item) {
    return item != null && items.containsKey(item);
  }

  /** The item's name in the statute's words, e.g. 地方税関係情報（所得・課税情報）. */
  public Optional<String> name(String item) {
    return Optional.ofNullable(item).map(items::get).map(Item::name);
  }

  /**
   * {@code copy} in its normal form: only the declared fields, in their declared order, integers as
   * numbers, dates as ISO strings. Throws 400 {@code COPY_NOT_STANDARD} for an unknown item, an
   * unknown field, a missing required field or a value outside its field's rule.
   */
  public JsonObject validate(String item, JsonObject copy) {
    Item standard = item == null ? null : items.get(item);
    if (standard == null) {
      throw refused("unknown item: the data standard has no such information item");
    }
    String where = "copy of '" + item + "'";
    if (copy == null) {
      throw refused(where + ": no copy");
    }
    for (String name : copy.fieldNames()) {
      if (!standard.fields().containsKey(name)) {
        // The caller's name is never repeated (it could be a number); the standard's names are.
        throw refused(
            where
                + ": a field is not in the standard; its fields: "
                + String.join(", ", standard.fields().keySet()));
      }
    }
    JsonObject normal = new JsonObject();
    standard
        .fields()
        .forEach(
            (name, field) -> {
              Object value = copy.getValue(name);
              if (value == null) {
                if (field.required()) {
                  throw refused(where + ": field '" + name + "' is required");
                }
                return;
              }
              try {
                normal.put(name, field.type().normalise(value));
              } catch (FieldType.Broken broken) {
                throw refused(where + ": field '" + name + "' " + broken.getMessage());
              }
            });
    return normal;
  }

  private static HubException refused(String detail) {
    return new HubException(ErrorCode.COPY_NOT_STANDARD, detail);
  }

  private static DataStandard of(YamlData.Section parsed) {
    Map<String, Item> items = new LinkedHashMap<>();
    parsed
        .map()
        .forEach(
            (key, value) -> {
              String id = String.valueOf(key);
              String where = parsed.source() + ": item '" + id + "'";
              if (!ITEM.matcher(id).matches()) {
                throw new ConfigException(where + ": an item's id is 1-63 of a-z 0-9 '-'");
              }
              items.put(id, item(YamlData.mapping(value, where), where));
            });
    return new DataStandard(items);
  }

  private static Item item(Map<?, ?> entry, String where) {
    YamlData.onlyKeys(entry, Set.of("name", "source", "fields"), where);
    String name = YamlData.text(entry, "name", where).strip();
    YamlData.text(entry, "source", where);
    if (!(entry.get("fields") instanceof Map<?, ?> declared) || declared.isEmpty()) {
      throw new ConfigException(where + ": 'fields' must be a non-empty mapping");
    }
    Map<String, Field> fields = new LinkedHashMap<>();
    declared.forEach(
        (key, value) -> {
          String field = String.valueOf(key);
          String at = where + ", field '" + field + "'";
          if (!FIELD.matcher(field).matches()) {
            throw new ConfigException(
                at + ": a field's name is a letter, then letters and digits (at most 64)");
          }
          Map<?, ?> declaration = YamlData.mapping(value, at);
          if (!(declaration.get("required") instanceof Boolean required)) {
            throw new ConfigException(at + ": 'required' must be true or false");
          }
          fields.put(field, new Field(FieldType.read(declaration, at), required));
        });
    return new Item(name, fields);
  }
}
