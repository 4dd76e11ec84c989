package jp.jukihub.gateway.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The hub's YAML data files (the body registry, the firewall rules, the law table): read from the
 * operator's file or the bundled one, parsed safely, each a top-level list of entries. Errors name
 * the file, and the entry and key the caller is reading.
 */
public final class YamlData {
  private YamlData() {}

  /**
   * The entries under {@code key} in {@code file}, or in the bundled {@code resource} when file is
   * null.
   */
  public static Entries load(Path file, String resource, String what, String key) {
    if (file == null) {
      try (InputStream in = YamlData.class.getResourceAsStream(resource)) {
        String name = resource.substring(resource.lastIndexOf('/') + 1);
        return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "bundled " + name, key);
      } catch (IOException e) {
        throw new ConfigException("cannot read the bundled " + what, e);
      }
    }
    try {
      return parse(Files.readString(file), file.toString(), key);
    } catch (IOException e) {
      throw new ConfigException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
    }
  }

  /** {@code yaml}'s entries under {@code key}; {@code source} names it in errors. */
  public static Entries parse(String yaml, String source, String key) {
    Object root;
    try {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    } catch (YAMLException e) {
      throw new ConfigException(source + ": not valid YAML: " + e.getMessage(), e);
    }
    if (!(root instanceof Map<?, ?> map) || !(map.get(key) instanceof List<?> entries)) {
      throw new ConfigException(source + ": needs a top-level '" + key + "' list");
    }
    return new Entries(source, entries);
  }

  /** The parsed entries and the name of where they came from. */
  public record Entries(String source, List<?> list) {}

  /** A required value of an entry, as text; {@code where} names the entry. */
  public static String text(Map<?, ?> entry, String key, String where) {
    Object value = entry.get(key);
    if (value == null || value.toString().isBlank()) {
      throw new ConfigException(where + ": '" + key + "' is required");
    }
    return value.toString();
  }
}
