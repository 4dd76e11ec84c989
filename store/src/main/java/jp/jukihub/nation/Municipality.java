package jp.jukihub.nation;

import jp.jukihub.number.LgCode;

/**
 * A place where residents are registered: a city, town, village, Tokyo special ward, or a ward of a
 * designated city (whose ward office keeps the resident records). Figures are MIC's 住民基本台帳 counts
 * as of 2022-01-01.
 */
public record Municipality(
    LgCode code,
    String prefectureName,
    String name,
    String kind,
    long population,
    long male,
    long female,
    long households) {

  /** Share of women among the residents, from the register's own counts. */
  public double femaleShare() {
    return population == 0 ? 0.5 : (double) female / population;
  }

  /** Mean household size, from the register's own counts. */
  public double meanHouseholdSize() {
    return households == 0 ? 2.0 : (double) population / households;
  }
}
