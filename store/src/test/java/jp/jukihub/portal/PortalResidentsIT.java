package jp.jukihub.portal;

import static jp.jukihub.portal.PortalFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Optional;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.database.StorePool;
import jp.jukihub.number.MyNumber;
import jp.jukihub.number.ResidentCode;
import jp.jukihub.person.Sex;
import jp.jukihub.portal.PortalResidents.Resident;
import jp.jukihub.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The logged-in resident's own record, from the national copy. */
class PortalResidentsIT {
  private static final ResidentCode CODE = ResidentCode.fromBase(1_234_567_890L);
  private static final MyNumber NUMBER = MyNumber.fromBase(12_345_678_901L);

  private static Vertx vertx;
  private static StorePool pool;
  private static PortalResidents residents;

  @BeforeAll
  static void open() throws Exception {
    vertx = Vertx.vertx();
    DatabaseTarget database = TestDatabases.fresh();
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO national.identity (person_id, lg_code, resident_code, my_number, name_kanji,"
              + " name_kana, birth_date, sex, address_rest, status, version, updated_at) VALUES"
              + " (42, '131016', '"
              + CODE.value()
              + "', '"
              + NUMBER.value()
              + "', '山田 花子', 'ヤマダ ハナコ', '1990-04-01', 2, '千代田1-1', 'current', 3, now()),"
              + " (43, '131016', '"
              + ResidentCode.fromBase(1_234_567_891L).value()
              + "', NULL, '山田 太郎', 'ヤマダ タロウ', '2024-05-06', 1, '千代田1-1', 'current', 1,"
              + " now())");
    }
    pool = StorePool.open(vertx, database, 2, "national");
    residents = new PortalResidents(pool);
  }

  @AfterAll
  static void close() throws Exception {
    await(pool.close());
    await(vertx.close());
  }

  @Test
  void should_answer_the_record_when_the_person_is_known() throws Exception {
    Resident resident = await(residents.byPersonId(42)).orElseThrow();

    assertThat(resident.personId()).isEqualTo(42);
    assertThat(resident.residentCode()).isEqualTo(CODE);
    assertThat(resident.myNumber()).isEqualTo(NUMBER);
    assertThat(resident.nameKanji()).isEqualTo("山田 花子");
    assertThat(resident.nameKana()).isEqualTo("ヤマダ ハナコ");
    assertThat(resident.birthDate()).isEqualTo(LocalDate.of(1990, 4, 1));
    assertThat(resident.sex()).isEqualTo(Sex.FEMALE);
    assertThat(resident.lgCode()).isEqualTo("131016");
    assertThat(resident.addressRest()).isEqualTo("千代田1-1");
    assertThat(resident.status()).isEqualTo("current");
    assertThat(resident.version()).isEqualTo(3);
  }

  @Test
  void should_print_no_personal_data_when_logged() throws Exception {
    String printed = await(residents.byPersonId(42)).orElseThrow().toString();

    assertThat(printed)
        .doesNotContain(CODE.value(), NUMBER.value(), "山田", "ヤマダ", "1990", "千代田")
        .contains("42");
  }

  @Test
  void should_answer_no_my_number_when_none_is_assigned_yet() throws Exception {
    assertThat(await(residents.byPersonId(43)).orElseThrow().myNumber()).isNull();
  }

  @Test
  void should_answer_nothing_when_the_person_is_unknown() throws Exception {
    assertThat(await(residents.byPersonId(99))).isEqualTo(Optional.empty());
  }
}
