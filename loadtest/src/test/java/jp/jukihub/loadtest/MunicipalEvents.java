package jp.jukihub.loadtest;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import jp.jukihub.loadtest.ChangeMix.Event;

/**
 * The events {@link MunicipalChanges} sends, one per virtual user: which municipality, which of its
 * residents (from the {@link ResidentPool}, or none yet: then the user registers a birth first),
 * and the request bodies, as the register's routes take them. Every municipality is one of the demo
 * registry's own (bodies.yaml), writing as itself ({@code lg-<code>}).
 */
final class MunicipalEvents implements Iterator<Map<String, Object>> {
  /** A demo municipality, with its 2022 population (the weight of its share of events). */
  record Municipality(
      String lgCode, String prefecture, String city, String street, int population) {
    String body() {
      return "lg-" + lgCode;
    }

    String path() {
      return "/v1/municipalities/" + lgCode;
    }
  }

  static final List<Municipality> DEMO =
      List.of(
          new Municipality("131016", "東京都", "千代田区", "千代田1丁目", 67_000),
          new Municipality("131130", "東京都", "渋谷区", "渋谷2丁目", 229_000),
          new Municipality("272035", "大阪府", "豊中市", "中桜塚3丁目", 401_000));

  private static final String[][] SURNAMES = {
    {"山田", "ヤマダ"}, {"佐藤", "サトウ"}, {"鈴木", "スズキ"}, {"高橋", "タカハシ"}, {"田中", "タナカ"}
  };
  private static final String[][] GIVEN_FEMALE = {{"花子", "ハナコ"}, {"結衣", "ユイ"}, {"陽菜", "ヒナ"}};
  private static final String[][] GIVEN_MALE = {{"太郎", "タロウ"}, {"陽翔", "ハルト"}, {"蓮", "レン"}};

  private final ChangeMix mix;
  private final ResidentPool pool;
  private final RandomGenerator random;
  private final Clock clock;
  private final int population;
  private final String run;
  private long keys;

  /**
   * {@code run} names this run in every idempotency key: the hub keeps keys for 24 hours, so a
   * second run with the same seed would otherwise replay the first one's answers (or be refused
   * with {@code IDEMPOTENCY_KEY_REUSED}).
   */
  MunicipalEvents(
      ChangeMix mix, ResidentPool pool, RandomGenerator random, Clock clock, String run) {
    this.run = run;
    this.mix = mix;
    this.pool = pool;
    this.random = random;
    this.clock = clock;
    this.population = DEMO.stream().mapToInt(Municipality::population).sum();
  }

  @Override
  public boolean hasNext() {
    return true;
  }

  /**
   * The next event as session attributes: {@code event} (lower case), {@code lgBody}, {@code
   * lgPath}, {@code residentCode} (empty: register a birth first), {@code birth}, {@code birthKey},
   * and by event: {@code plannedOn}, {@code destination*}, {@code moveKey}, {@code moveInKey},
   * {@code movedInOn}, {@code destinationRest}; {@code correction}; {@code death}.
   */
  @Override
  public synchronized Map<String, Object> next() {
    Event event = mix.next(random);
    Municipality at = municipality(null);
    // Dates are yesterday's, so that no clock skew between here and the hub makes them future.
    LocalDate day = LocalDate.now(clock).minusDays(1);
    Map<String, Object> session = new HashMap<>();
    session.put("event", event.name().toLowerCase());
    session.put("lgCode", at.lgCode());
    session.put("lgBody", at.body());
    session.put("lgPath", at.path());
    session.put("residentCode", event == Event.BIRTH ? "" : pool.take(at.lgCode()).orElse(""));
    session.put("birth", birth(at, day.minusDays(random.nextInt(60))));
    session.put("birthKey", key());
    switch (event) {
      case MOVE -> {
        Municipality to = municipality(at);
        session.put("destinationCode", to.lgCode());
        session.put("destinationBody", to.body());
        session.put("destinationPath", to.path());
        session.put("plannedOn", day.toString());
        session.put("destinationAddress", to.prefecture() + to.city() + address(to));
        session.put("moveKey", key());
        session.put("moveInKey", key());
        session.put("movedInOn", day.toString());
        session.put("destinationRest", address(to));
      }
      case CORRECTION ->
          session.put(
              "correction",
              new JsonObject()
                  .put("addressRest", address(at))
                  .put("reason", "転居")
                  .put("effectiveOn", day.toString())
                  .encode());
      case DEATH -> session.put("death", new JsonObject().put("diedOn", day.toString()).encode());
      case BIRTH -> {}
    }
    return session;
  }

  /** The move-out's body, once the resident is known (taken from the pool or just born). */
  static String moveOut(
      String residentCode, String plannedOn, String destinationCode, String destinationAddress) {
    return new JsonObject()
        .put("residentCode", residentCode)
        .put("plannedOn", plannedOn)
        .put(
            "destination",
            new JsonObject().put("lgCode", destinationCode).put("address", destinationAddress))
        .encode();
  }

  /** The move-in's body, once the move-out's certificate number is known. */
  static String moveIn(
      String certificateNumber, String residentCode, String movedInOn, String addressRest) {
    return new JsonObject()
        .put("certificateNumber", certificateNumber)
        .put("residentCode", residentCode)
        .put("movedInOn", movedInOn)
        .put("addressRest", addressRest)
        .encode();
  }

  /** A municipality by population, other than {@code not}. */
  private Municipality municipality(Municipality not) {
    while (true) {
      int r = random.nextInt(population);
      for (Municipality municipality : DEMO) {
        if (r < municipality.population()) {
          if (municipality != not) {
            return municipality;
          }
          break;
        }
        r -= municipality.population();
      }
    }
  }

  private String birth(Municipality at, LocalDate born) {
    boolean female = random.nextBoolean();
    String[] surname = SURNAMES[random.nextInt(SURNAMES.length)];
    String[][] given = female ? GIVEN_FEMALE : GIVEN_MALE;
    String[] name = given[random.nextInt(given.length)];
    return new JsonObject()
        .put("event", "birth")
        .put(
            "name",
            new JsonObject()
                .put("kanji", surname[0] + "\u3000" + name[0])
                .put("kana", surname[1] + "\u3000" + name[1]))
        .put("birthDate", born.toString())
        .put("sex", female ? "female" : "male")
        .put("addressRest", address(at))
        .encode();
  }

  /**
   * A block, lot and room: a correction to the address a resident already has is refused ("nothing
   * to correct"), and with block and lot alone one correction in 600 drew it (a 40-minute soak saw
   * 4 in 1,955).
   */
  private String address(Municipality at) {
    return at.street()
        + (1 + random.nextInt(30))
        + "番"
        + (1 + random.nextInt(20))
        + "号 "
        + (101 + random.nextInt(900))
        + "号室";
  }

  private String key() {
    return "loadtest-" + run + "-" + ++keys;
  }
}
