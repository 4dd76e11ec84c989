package jp.jukihub.tiers;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import jp.jukihub.database.DatabaseRole;
import jp.jukihub.database.DatabaseTarget;

/**
 * Where each tier lives: the municipal tier, the national tier (J-LIS), and the prefectures in
 * groups, each group on its own database. By default everything shares the hub's database, one
 * schema per tier. Every prefecture belongs to exactly one group.
 */
public record TierTopology(
    DatabaseTarget municipal, DatabaseTarget national, List<PrefectureGroup> prefectures) {
  /** All 47 prefecture codes, 01 (Hokkaido) to 47 (Okinawa). */
  public static final Set<String> ALL_PREFECTURES = allPrefectures();

  /**
   * Prefectures whose identity copies share one database; {@code name} labels metrics and cursors.
   */
  public record PrefectureGroup(String name, Set<String> prefectureCodes, DatabaseTarget target) {
    public PrefectureGroup {
      if (name == null || !name.matches("[a-z0-9-]{1,32}")) {
        throw new IllegalArgumentException(
            "a prefecture group's name must be 1-32 of a-z, 0-9, '-': " + name);
      }
      prefectureCodes = Set.copyOf(new TreeSet<>(prefectureCodes));
      Objects.requireNonNull(target, "target");
    }

    public boolean holdsAll() {
      return prefectureCodes.equals(ALL_PREFECTURES);
    }
  }

  public TierTopology {
    Objects.requireNonNull(municipal, "municipal");
    Objects.requireNonNull(national, "national");
    prefectures = List.copyOf(prefectures);
    Set<String> seen = new TreeSet<>();
    for (PrefectureGroup group : prefectures) {
      for (String code : group.prefectureCodes()) {
        if (!ALL_PREFECTURES.contains(code)) {
          throw new IllegalArgumentException("no prefecture has code " + code);
        }
        if (!seen.add(code)) {
          throw new IllegalArgumentException("prefecture " + code + " is in two groups");
        }
      }
    }
    Set<DatabaseTarget> targets = new LinkedHashSet<>();
    for (PrefectureGroup group : prefectures) {
      // A group's lanes own its database's prefecture outbox: two groups may not share one.
      if (!targets.add(group.target())) {
        throw new IllegalArgumentException(
            "two prefecture groups share the database "
                + group.target()
                + "; list their codes together instead");
      }
    }
    if (!seen.equals(ALL_PREFECTURES)) {
      Set<String> missing = new TreeSet<>(ALL_PREFECTURES);
      missing.removeAll(seen);
      throw new IllegalArgumentException("prefectures in no group: " + missing);
    }
  }

  /** Every tier in one database. */
  public static TierTopology single(DatabaseTarget database) {
    return new TierTopology(
        database, database, List.of(new PrefectureGroup("all", ALL_PREFECTURES, database)));
  }

  /**
   * The default database for everything, except the prefectures listed in {@code separate}
   * (comma-separated codes, e.g. "13,14") that live on their own databases.
   */
  public static TierTopology of(
      DatabaseTarget hub,
      DatabaseTarget municipal,
      DatabaseTarget national,
      Map<String, DatabaseTarget> separate) {
    List<PrefectureGroup> groups = new ArrayList<>();
    Set<String> rest = new TreeSet<>(ALL_PREFECTURES);
    separate.forEach(
        (codes, target) -> {
          Set<String> group = new TreeSet<>();
          for (String code : codes.split(",")) {
            String trimmed = code.strip();
            group.add(trimmed.length() == 1 ? "0" + trimmed : trimmed);
          }
          rest.removeAll(group);
          groups.add(new PrefectureGroup(groupName(group), group, target));
        });
    if (!rest.isEmpty()) {
      groups.add(0, new PrefectureGroup(groups.isEmpty() ? "all" : "default", rest, hub));
    }
    return new TierTopology(municipal, national, groups);
  }

  /**
   * "pref-13-14": the codes, as lane cursors and meters have always been named; when that is too
   * long for a name, runs of three or more codes in a row are written first and last
   * ("pref-01to23"), so that half of Japan on one server still has a name.
   */
  static String groupName(Set<String> sortedCodes) {
    String plain = "pref-" + String.join("-", sortedCodes);
    if (plain.length() <= 32) {
      return plain;
    }
    List<String> runs = new ArrayList<>();
    List<String> run = new ArrayList<>();
    for (String code : sortedCodes) {
      if (!run.isEmpty()
          && Integer.parseInt(code) != Integer.parseInt(run.get(run.size() - 1)) + 1) {
        runs.add(runOf(run));
        run.clear();
      }
      run.add(code);
    }
    runs.add(runOf(run));
    return "pref-" + String.join("-", runs);
  }

  private static String runOf(List<String> run) {
    return run.size() >= 3 ? run.get(0) + "to" + run.get(run.size() - 1) : String.join("-", run);
  }

  /** The same tiers, each logged in as {@code role} where it has that role's login. */
  public TierTopology as(DatabaseRole role) {
    return map(target -> target.as(role));
  }

  /** The same tiers with each database replaced by {@code change}'s answer for it. */
  public TierTopology map(UnaryOperator<DatabaseTarget> change) {
    return new TierTopology(
        change.apply(municipal),
        change.apply(national),
        prefectures.stream()
            .map(
                group ->
                    new PrefectureGroup(
                        group.name(), group.prefectureCodes(), change.apply(group.target())))
            .toList());
  }

  public PrefectureGroup groupOf(String prefectureCode) {
    return prefectures.stream()
        .filter(group -> group.prefectureCodes().contains(prefectureCode))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("no prefecture has code " + prefectureCode));
  }

  /** Every distinct database the tiers use, each once (for migrations and health). */
  public Set<DatabaseTarget> databases() {
    Set<DatabaseTarget> all = new LinkedHashSet<>();
    all.add(municipal);
    all.add(national);
    prefectures.forEach(group -> all.add(group.target()));
    return all;
  }

  private static Set<String> allPrefectures() {
    Set<String> codes = new TreeSet<>();
    for (int i = 1; i <= 47; i++) {
      codes.add(String.format("%02d", i));
    }
    return Set.copyOf(codes);
  }
}
