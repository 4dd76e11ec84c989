package jp.jukihub.nation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.jukihub.number.LgCode;

/**
 * Every municipality of Japan from the bundled {@code municipalities.csv}. Residents live in the
 * {@link #inhabited()} registration units: cities, towns, villages, Tokyo's special wards and the
 * wards of designated cities (not the designated city as a whole, not prefectures), and only those
 * with residents (the six Northern Territories villages have none).
 */
public final class MunicipalityCatalog {
  private static final Set<String> REGISTRATION_UNITS =
      Set.of("city", "town", "village", "special_ward", "ward");

  private final Map<String, Municipality> byCode;
  private final List<Municipality> inhabited;

  private MunicipalityCatalog(Map<String, Municipality> byCode) {
    this.byCode = Collections.unmodifiableMap(byCode);
    this.inhabited =
        byCode.values().stream()
            .filter(m -> REGISTRATION_UNITS.contains(m.kind()) && m.population() > 0)
            .toList();
  }

  public static MunicipalityCatalog load() {
    Map<String, Municipality> byCode = new LinkedHashMap<>();
    Map<String, List<String>> wardsWithoutFigures = new LinkedHashMap<>();
    for (Map<String, String> row : CsvResource.read("municipalities.csv")) {
      LgCode code = LgCode.of(row.get("lg_code"));
      if (row.get("population").isEmpty()) {
        wardsWithoutFigures
            .computeIfAbsent(row.get("parent_code"), parent -> new ArrayList<>())
            .add(code.value());
      }
      byCode.put(
          code.value(),
          new Municipality(
              code,
              row.get("pref_name"),
              row.get("name"),
              row.get("kind"),
              count(row, "population"),
              count(row, "population_male"),
              count(row, "population_female"),
              count(row, "households")));
    }
    wardsWithoutFigures.forEach((parent, wards) -> shareParentFigures(byCode, parent, wards));
    return new MunicipalityCatalog(byCode);
  }

  private static long count(Map<String, String> row, String column) {
    String value = row.get(column);
    return value.isEmpty() ? 0 : Long.parseLong(value);
  }

  /**
   * Wards created after the population figures (Hamamatsu's 2024 reform) have none: they share the
   * designated city's figures equally. Only the split inside that one city is approximate.
   */
  private static void shareParentFigures(
      Map<String, Municipality> byCode, String parentCode, List<String> wards) {
    Municipality parent = byCode.get(parentCode);
    if (parent == null) {
      throw new IllegalStateException("ward without figures and without a parent city: " + wards);
    }
    int n = wards.size();
    for (String code : wards) {
      Municipality ward = byCode.get(code);
      byCode.put(
          code,
          new Municipality(
              ward.code(),
              ward.prefectureName(),
              ward.name(),
              ward.kind(),
              parent.population() / n,
              parent.male() / n,
              parent.female() / n,
              parent.households() / n));
    }
  }

  /** Registration units with residents, in file order (by code). */
  public List<Municipality> inhabited() {
    return inhabited;
  }

  public Optional<Municipality> find(LgCode code) {
    return Optional.ofNullable(byCode.get(code.value()));
  }

  public int size() {
    return byCode.size();
  }
}
