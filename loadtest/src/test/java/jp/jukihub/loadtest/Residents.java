package jp.jukihub.loadtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Existing residents to look up: the output of {@code ./hub sample --count N}, one {@code
 * <myNumber> <lgCode>} a line. The lookups use the municipality code to pick subjects a caller may
 * see (Tokyo's residents for Tokyo's own-prefecture affairs, other municipalities' for Chiyoda's).
 */
record Residents(List<Resident> all) {
  /** One resident: My Number and the 6-digit code of the municipality that registers them. */
  record Resident(String myNumber, String lgCode) {
    String prefecture() {
      return lgCode.substring(0, 2);
    }
  }

  Residents {
    all = List.copyOf(all);
    if (all.isEmpty()) {
      throw new IllegalArgumentException("no residents: the feeder is empty");
    }
  }

  static Residents read(Path file) {
    try {
      return parse(Files.readAllLines(file));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the residents feeder "
              + file
              + " (make one with ./hub sample --count N > FILE)",
          e);
    }
  }

  static Residents parse(List<String> lines) {
    List<Resident> residents = new ArrayList<>();
    for (String line : lines) {
      String trimmed = line.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      String[] fields = trimmed.split("\\s+");
      if (fields.length != 2 || !fields[0].matches("\\d{12}") || !fields[1].matches("\\d{6}")) {
        throw new IllegalArgumentException(
            "not '<myNumber> <lgCode>': " + fields.length + " fields");
      }
      residents.add(new Resident(fields[0], fields[1]));
    }
    return new Residents(residents);
  }

  /** Those that {@code which} accepts; fails when none does, naming what was asked. */
  Residents only(Predicate<Resident> which, String what) {
    List<Resident> kept = all.stream().filter(which).toList();
    if (kept.isEmpty()) {
      throw new IllegalArgumentException("the feeder holds no " + what + ": sample more residents");
    }
    return new Residents(kept);
  }

  Resident get(int index) {
    return all.get(index);
  }

  int size() {
    return all.size();
  }
}
