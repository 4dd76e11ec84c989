package jp.jukihub.nation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.number.LgCode;
import jp.jukihub.number.MyNumber;
import jp.jukihub.number.ResidentCode;
import jp.jukihub.progress.Progress;
import jp.jukihub.testing.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NationLoaderIT {
  private static final byte[] KEY = new byte[32];
  private static final int RESIDENTS = 20_000;
  private static final MunicipalityCatalog CATALOG = MunicipalityCatalog.load();
  private static DatabaseTarget database;
  private static SeedSummary summary;

  @BeforeAll
  static void seed() throws SQLException {
    Arrays.fill(KEY, (byte) 7);
    database = TestDatabases.fresh();
    summary = loader(database).load(NationOptions.of(RESIDENTS, 42), false, Progress.SILENT);
  }

  private static NationLoader loader(DatabaseTarget target) {
    return new NationLoader(target, new NationGenerator(CATALOG, KEY));
  }

  @Test
  void should_load_every_resident_into_all_three_tiers_when_seeding() throws SQLException {
    assertThat(count("SELECT count(*) FROM municipal.resident")).isEqualTo(RESIDENTS);
    assertThat(count("SELECT count(*) FROM prefecture.identity")).isEqualTo(RESIDENTS);
    assertThat(count("SELECT count(*) FROM national.identity")).isEqualTo(RESIDENTS);
    assertThat(count("SELECT count(DISTINCT my_number) FROM national.identity"))
        .isEqualTo(RESIDENTS);
    assertThat(count("SELECT count(DISTINCT resident_code) FROM national.identity"))
        .isEqualTo(RESIDENTS);
    assertThat(summary.residents()).isEqualTo(RESIDENTS);
  }

  @Test
  void should_give_every_inhabited_municipality_residents_when_there_are_enough()
      throws SQLException {
    assertThat(count("SELECT count(DISTINCT lg_code) FROM municipal.resident"))
        .isEqualTo(CATALOG.inhabited().size());
    assertThat(count("SELECT count(*) FROM municipal.resident WHERE lg_code = '016951'"))
        .as("uninhabited Shikotan village")
        .isZero();
    // Setagaya (131121, ~940k people) outweighs Chiyoda (131016, ~67k) about fourteen to one.
    long setagaya = count("SELECT count(*) FROM municipal.resident WHERE lg_code = '131121'");
    long chiyoda = count("SELECT count(*) FROM municipal.resident WHERE lg_code = '131016'");
    assertThat((double) setagaya / chiyoda).isBetween(9.0, 20.0);
  }

  @Test
  void should_store_only_numbers_that_pass_their_own_validation() throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT my_number, resident_code, lg_code FROM municipal.resident")) {
      while (rows.next()) {
        MyNumber.of(rows.getString(1));
        ResidentCode.of(rows.getString(2));
        LgCode.of(rows.getString(3));
      }
    }
  }

  @Test
  void should_look_like_japan_when_counting_sex_and_age() {
    double femaleShare = (double) summary.female() / summary.residents();
    double elderlyShare = (double) summary.aged65AndOver() / summary.residents();
    double childShare = (double) summary.children0to14() / summary.residents();
    assertThat(femaleShare).isBetween(0.47, 0.53);
    assertThat(elderlyShare).as("Japan: about 29%% aged 65+").isBetween(0.22, 0.34);
    assertThat(childShare).as("Japan: about 12%% aged 0-14").isBetween(0.08, 0.15);
    double meanHousehold = (double) summary.residents() / summary.households();
    assertThat(meanHousehold).as("Japan: about 2.1 per household").isBetween(1.8, 2.6);
  }

  @Test
  void should_give_each_household_exactly_one_head_and_one_address() throws SQLException {
    assertThat(
            count(
                "SELECT count(*) FROM (SELECT household_id FROM municipal.resident GROUP BY household_id"
                    + " HAVING count(*) FILTER (WHERE relationship = '世帯主') <> 1"
                    + " OR count(DISTINCT address_rest) <> 1 OR count(DISTINCT lg_code) <> 1) bad"))
        .isZero();
    assertThat(
            count(
                "SELECT count(*) FROM municipal.resident c JOIN municipal.resident h"
                    + " ON h.household_id = c.household_id AND h.relationship = '世帯主'"
                    + " WHERE c.relationship = '子' AND c.birth_date <= h.birth_date"))
        .as("children younger than their household head")
        .isZero();
  }

  @Test
  void should_generate_the_same_nation_when_seed_and_key_are_the_same() throws SQLException {
    DatabaseTarget other = TestDatabases.fresh();
    loader(other).load(NationOptions.of(RESIDENTS, 42), false, Progress.SILENT);
    String fingerprint =
        "SELECT md5(string_agg(person_id || my_number || resident_code || name_kanji || birth_date"
            + " || lg_code || address_rest, ',' ORDER BY person_id)) FROM municipal.resident";
    assertThat(text(other, fingerprint)).isEqualTo(text(database, fingerprint));
  }

  @Test
  void should_refuse_to_seed_over_an_existing_nation_unless_asked_to_replace() throws SQLException {
    DatabaseTarget other = TestDatabases.fresh();
    NationLoader loader = loader(other);
    loader.load(NationOptions.of(500, 1), false, Progress.SILENT);
    assertThatThrownBy(() -> loader.load(NationOptions.of(500, 2), false, Progress.SILENT))
        .hasMessageContaining("--replace");
    loader.load(NationOptions.of(700, 2), true, Progress.SILENT);
    assertThat(loader.residentCount()).isEqualTo(700);
  }

  @Test
  void should_sample_existing_numbers_of_one_prefecture_when_asked() throws SQLException {
    List<ResidentSampler.Sample> samples = new ResidentSampler(database).sample(25, "13");
    assertThat(samples).hasSize(25).allSatisfy(s -> assertThat(s.lgCode()).startsWith("13"));
    assertThat(samples.stream().map(ResidentSampler.Sample::myNumber).distinct()).hasSize(25);
  }

  private static long count(String sql) throws SQLException {
    return Long.parseLong(text(database, sql));
  }

  private static String text(DatabaseTarget target, String sql) throws SQLException {
    try (Connection connection = target.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    }
  }
}
