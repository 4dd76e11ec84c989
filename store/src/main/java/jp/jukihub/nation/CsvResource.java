package jp.jukihub.nation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one of the bundled data files (UTF-8, one header line, comma-separated, never quoted): each
 * row as a map from column name to value. A quote or a short row fails loudly, because a silently
 * mis-split row would skew the nation.
 */
final class CsvResource {
  private CsvResource() {}

  static List<Map<String, String>> read(String name) {
    String path = "/jp/jukihub/nation/" + name;
    try (InputStream in = CsvResource.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("bundled data file missing: " + path);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String[] header = reader.readLine().split(",", -1);
      List<Map<String, String>> rows = new ArrayList<>();
      String line;
      int number = 1;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isEmpty()) {
          continue;
        }
        if (line.indexOf('"') >= 0) {
          throw new IllegalStateException(
              path + " line " + number + ": quoted fields are not supported");
        }
        String[] cells = line.split(",", -1);
        if (cells.length != header.length) {
          throw new IllegalStateException(
              path
                  + " line "
                  + number
                  + ": "
                  + cells.length
                  + " fields, expected "
                  + header.length);
        }
        Map<String, String> row = new HashMap<>(header.length * 2);
        for (int i = 0; i < header.length; i++) {
          row.put(header[i], cells[i]);
        }
        rows.add(row);
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }
}
