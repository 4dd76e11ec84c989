package jp.jukihub.nation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import jp.jukihub.person.Sex;

/**
 * Surnames drawn by their estimated frequency ({@code surnames.csv}); given names by sex, uniformly
 * ({@code given_names.csv} has no frequencies; unisex names serve both).
 */
final class NameLists {
  /** A name and its reading in katakana. */
  record Name(String kanji, String kana) {}

  private record Counted(Name name, double count) {}

  private final WeightedChoice<Counted> surnames;
  private final List<Name> maleGiven;
  private final List<Name> femaleGiven;

  private NameLists(
      WeightedChoice<Counted> surnames, List<Name> maleGiven, List<Name> femaleGiven) {
    this.surnames = surnames;
    this.maleGiven = List.copyOf(maleGiven);
    this.femaleGiven = List.copyOf(femaleGiven);
  }

  static NameLists load() {
    List<Counted> surnames = new ArrayList<>();
    for (Map<String, String> row : CsvResource.read("surnames.csv")) {
      surnames.add(
          new Counted(
              new Name(row.get("surname"), row.get("katakana")),
              Double.parseDouble(row.get("est_count"))));
    }
    List<Name> male = new ArrayList<>();
    List<Name> female = new ArrayList<>();
    for (Map<String, String> row : CsvResource.read("given_names.csv")) {
      Name name = new Name(row.get("name"), row.get("katakana"));
      String sex = row.get("sex");
      if (!sex.equals("F")) {
        male.add(name);
      }
      if (!sex.equals("M")) {
        female.add(name);
      }
    }
    return new NameLists(new WeightedChoice<>(surnames, Counted::count), male, female);
  }

  Name surname(RandomGenerator random) {
    return surnames.pick(random).name();
  }

  Name givenName(Sex sex, RandomGenerator random) {
    List<Name> pool = sex == Sex.MALE ? maleGiven : femaleGiven;
    return pool.get(random.nextInt(pool.size()));
  }
}
