package jp.jukihub.nation;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import jp.jukihub.person.Sex;

/**
 * Makes the members of one household (世帯): its size around the municipality's mean, a head (世帯主)
 * aged from the adult pyramid, then a spouse (妻/夫), children (子), grandchildren (孫) or parents
 * (父/母) at plausible ages from the head's. Relationship labels are those of the resident record.
 */
final class HouseholdComposer {
  /** One member before names and numbers: relationship, sex, age in whole years. */
  record Member(String relationship, Sex sex, int age) {}

  private static final int MAX_SIZE = 8;
  private static final double MALE_HEAD_SHARE = 0.65;
  private static final double SPOUSE_SHARE = 0.8;
  private static final double MALE_AT_BIRTH = 0.512;

  private final AgePyramid everyone = new AgePyramid(0);
  private final AgePyramid adults = new AgePyramid(20);
  private final AgePyramid grownUps = new AgePyramid(18);

  /** Size 1 + Poisson(mean - 1), capped: keeps the municipality's mean size, about 1/3 single. */
  int size(double meanSize, int remaining, RandomGenerator random) {
    double lambda = Math.max(0.0, meanSize - 1.0);
    double limit = Math.exp(-lambda);
    double product = random.nextDouble();
    int extra = 0;
    while (product > limit && extra < MAX_SIZE - 1) {
      extra++;
      product *= random.nextDouble();
    }
    return Math.min(remaining, 1 + extra);
  }

  List<Member> compose(int size, double femaleShare, RandomGenerator random) {
    List<Member> members = new ArrayList<>(size);
    if (size == 1) {
      Sex sex = random.nextDouble() < femaleShare ? Sex.FEMALE : Sex.MALE;
      members.add(new Member("世帯主", sex, grownUps.age(sex, random)));
      return members;
    }
    Sex headSex = random.nextDouble() < MALE_HEAD_SHARE ? Sex.MALE : Sex.FEMALE;
    int headAge = adults.age(headSex, random);
    members.add(new Member("世帯主", headSex, headAge));
    if (random.nextDouble() < SPOUSE_SHARE) {
      Sex spouseSex = headSex == Sex.MALE ? Sex.FEMALE : Sex.MALE;
      int gap = (int) Math.round(random.nextGaussian() * 3 + (headSex == Sex.MALE ? -2 : 2));
      int spouseAge = clamp(headAge + gap, 18, AgePyramid.OLDEST);
      members.add(new Member(spouseSex == Sex.FEMALE ? "妻" : "夫", spouseSex, spouseAge));
    }
    while (members.size() < size) {
      members.add(relative(headAge, random));
    }
    return members;
  }

  /** A relative of the head, aged from the pyramid within what the relationship allows. */
  private Member relative(int headAge, RandomGenerator random) {
    Sex sex = random.nextDouble() < MALE_AT_BIRTH ? Sex.MALE : Sex.FEMALE;
    if (headAge >= 60 && random.nextDouble() < 0.25) {
      return new Member(
          "孫", sex, everyone.ageBetween(sex, Math.max(0, headAge - 75), headAge - 40, random));
    }
    if (headAge <= 60 && random.nextDouble() < 0.1) {
      int parentAge =
          everyone.ageBetween(sex, headAge + 20, Math.min(AgePyramid.OLDEST, headAge + 45), random);
      return new Member(sex == Sex.MALE ? "父" : "母", sex, parentAge);
    }
    int youngest = Math.max(0, headAge - 45);
    // Working-age parents mostly live with their minor children; older ones with grown-up ones.
    int oldest =
        headAge <= 60 && random.nextDouble() < 0.7 ? Math.min(17, headAge - 18) : headAge - 18;
    return new Member(
        "子", sex, everyone.ageBetween(sex, Math.min(youngest, oldest), oldest, random));
  }

  private static int clamp(int value, int min, int max) {
    return Math.max(min, Math.min(max, value));
  }
}
