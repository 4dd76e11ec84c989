package jp.jukihub.nation;

import java.time.LocalDate;
import java.util.List;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import jp.jukihub.jlis.BulkNumberAssignment;
import jp.jukihub.jlis.MyNumberGenerator;
import jp.jukihub.number.ResidentCode;
import jp.jukihub.person.BirthDate;
import jp.jukihub.person.PersonName;

/**
 * Generates a synthetic nation, municipality by municipality, household by household: residents in
 * proportion to each municipality's population, names by frequency, ages from the national pyramid,
 * one address per household, resident codes unique nationwide, and My Numbers from the J-LIS
 * generator. Deterministic: the same options and key give the same residents in the same order.
 */
public final class NationGenerator {
  private static final String[] TOWNS = {
    "本町", "中央", "栄町", "緑町", "旭町", "幸町", "錦町", "寿町", "大町", "新町", "元町", "宮町",
    "東町", "西町", "南町", "北町", "城東", "城南", "桜町", "松原", "若葉", "青葉", "日の出町", "港町",
    "駅前", "富士見", "八幡町", "天神町", "春日", "柳町", "泉町", "住吉町", "曙町", "昭和町", "平和町", "清水"
  };

  private final MunicipalityCatalog catalog;
  private final NameLists names;
  private final HouseholdComposer households = new HouseholdComposer();
  private final MyNumberGenerator numbers;

  public NationGenerator(MunicipalityCatalog catalog, byte[] jlisNumberKey) {
    this.catalog = catalog;
    this.names = NameLists.load();
    this.numbers = new MyNumberGenerator(jlisNumberKey);
  }

  /**
   * Streams every resident to {@code sink}; returns the number of My Number collisions resolved.
   */
  public long generate(NationOptions options, Consumer<SyntheticResident> sink) {
    RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(options.seed());
    ResidentCodeSequence codes = new ResidentCodeSequence(random.nextLong());
    BulkNumberAssignment assignment = new BulkNumberAssignment(numbers);
    List<Municipality> places = catalog.inhabited();
    long[] counts = ResidentAllocation.allocate(places, options.residents());
    long personId = 0;
    long householdId = 0;
    for (int m = 0; m < places.size(); m++) {
      Municipality place = places.get(m);
      long remaining = counts[m];
      while (remaining > 0) {
        int size =
            households.size(place.meanHouseholdSize(), (int) Math.min(remaining, 64), random);
        householdId++;
        NameLists.Name surname = names.surname(random);
        String address = address(random);
        for (HouseholdComposer.Member member :
            households.compose(size, place.femaleShare(), random)) {
          personId++;
          NameLists.Name given = names.givenName(member.sex(), random);
          LocalDate birth = birthDate(member.age(), options.asOf(), random);
          ResidentCode code = codes.next();
          sink.accept(
              new SyntheticResident(
                  personId,
                  place.code(),
                  code,
                  assignment.assign(code),
                  householdId,
                  member.relationship(),
                  PersonName.of(surname.kanji(), given.kanji(), surname.kana(), given.kana()),
                  new BirthDate(birth),
                  member.sex(),
                  address,
                  registeredOn(birth, options.asOf(), random)));
        }
        remaining -= size;
      }
    }
    return assignment.collisions();
  }

  private static LocalDate birthDate(int age, LocalDate asOf, RandomGenerator random) {
    // Someone aged `age` on asOf was born in the year before their last birthday.
    return asOf.minusYears(age).minusDays(random.nextInt(365));
  }

  private static LocalDate registeredOn(LocalDate birth, LocalDate asOf, RandomGenerator random) {
    long days = asOf.toEpochDay() - birth.toEpochDay();
    return birth.plusDays(days <= 0 ? 0 : random.nextLong(days + 1));
  }

  private static String address(RandomGenerator random) {
    return TOWNS[random.nextInt(TOWNS.length)]
        + (1 + random.nextInt(5))
        + "丁目"
        + (1 + random.nextInt(30))
        + "番"
        + (1 + random.nextInt(20))
        + "号";
  }

  /**
   * Resident codes as a seeded permutation of the ten-digit space (an affine map modulo 10^10 with
   * a multiplier coprime to 10): unique by construction, in no visible order.
   */
  private static final class ResidentCodeSequence {
    private final long multiplier;
    private final long offset;
    private long index;

    ResidentCodeSequence(long seedBits) {
      // Ends in 3: odd and not a multiple of 5, so coprime to 10^10 and the map is a bijection.
      this.multiplier = Math.floorMod(seedBits, ResidentCode.BASE_LIMIT / 10) * 10 + 3;
      this.offset = Math.floorMod(seedBits >>> 17, ResidentCode.BASE_LIMIT);
    }

    ResidentCode next() {
      // multiplier < 10^10 and index <= NationOptions.MAX_RESIDENTS (1.3 * 10^8): no overflow.
      long base = (multiplier * index + offset) % ResidentCode.BASE_LIMIT;
      index++;
      return ResidentCode.fromBase(base);
    }
  }
}
