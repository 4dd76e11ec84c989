package jp.jukihub.gateway.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The hub's YAML data files (the body registry, the firewall rules, the law table, the table of
 * lawful exchanges, the data standard): read from the operator's file or the bundled one, parsed
 * safely, each a top-level list (or mapping) of entries. Errors name the file, and the entry and
 * key the caller is reading.
 */
public final class YamlData {
  private YamlData() {}

  /**
   * The entries under {@code key} in {@code file}, or in the bundled {@code resource} when file is
   * null.
   */
  public static Entries load(Path file, String resource, String what, String key) {
    if (file == null) {
      String name = resource.substring(resource.lastIndexOf('/') + 1);
      return parse(bundled(resource, what), "bundled " + name, key);
    }
    try {
      return parse(Files.readString(file), file.toString(), key);
    } catch (IOException e) {
      throw new ConfigException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
    }
  }

  /** The mapping under {@code key} in the bundled {@code resource}. */
  public static Section loadSection(String resource, String what, String key) {
    String name = resource.substring(resource.lastIndexOf('/') + 1);
    return parseSection(bundled(resource, what), "bundled " + name, key);
  }

  /** {@code yaml}'s entries under {@code key}; {@code source} names it in errors. */
  public static Entries parse(String yaml, String source, String key) {
    if (!(top(yaml, source).get(key) instanceof List<?> entries)) {
      throw new ConfigException(source + ": needs a top-level '" + key + "' list");
    }
    return new Entries(source, entries);
  }

  /** {@code yaml}'s mapping under {@code key}; {@code source} names it in errors. */
  public static Section parseSection(String yaml, String source, String key) {
    if (!(top(yaml, source).get(key) instanceof Map<?, ?> entries) || entries.isEmpty()) {
      throw new ConfigException(source + ": needs a top-level '" + key + "' mapping");
    }
    return new Section(source, entries);
  }

  /** The parsed entries and the name of where they came from. */
  public record Entries(String source, List<?> list) {}

  /** A parsed mapping of named entries and the name of where it came from. */
  public record Section(String source, Map<?, ?> map) {}

  /** A required value of an entry, as text; {@code where} names the entry. */
  public static String text(Map<?, ?> entry, String key, String where) {
    Object value = entry.get(key);
    if (value == null || value.toString().isBlank()) {
      throw new ConfigException(where + ": '" + key + "' is required");
    }
    return value.toString();
  }

  /** {@code value} as a mapping; {@code where} names it. */
  public static Map<?, ?> mapping(Object value, String where) {
    if (value instanceof Map<?, ?> map) {
      return map;
    }
    throw new ConfigException(where + ": must be a mapping");
  }

  /** A required, non-empty list of an entry. */
  public static List<?> list(Map<?, ?> entry, String key, String where) {
    if (entry.get(key) instanceof List<?> list && !list.isEmpty()) {
      return list;
    }
    throw new ConfigException(where + ": '" + key + "' must be a non-empty list");
  }

  /** Refuses a key outside {@code known}: a typo must not silently do nothing. */
  public static void onlyKeys(Map<?, ?> entry, Set<String> known, String where) {
    for (Object key : entry.keySet()) {
      if (!known.contains(String.valueOf(key))) {
        throw new ConfigException(where + ": unknown key '" + key + "'");
      }
    }
  }

  private static String bundled(String resource, String what) {
    try (InputStream in = YamlData.class.getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException("cannot read the bundled " + what, e);
    }
  }

  private static Map<?, ?> top(String yaml, String source) {
    Object root;
    try {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    } catch (YAMLException e) {
      throw new ConfigException(source + ": not valid YAML: " + e.getMessage(), e);
    }
    return root instanceof Map<?, ?> map ? map : Map.of();
  }
}
