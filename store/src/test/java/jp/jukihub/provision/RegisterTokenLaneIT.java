package jp.jukihub.provision;

import static jp.jukihub.testing.TestDatabases.scalar;
import static jp.jukihub.testing.TestDatabases.scalarInt;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.database.StorePool;
import jp.jukihub.jlis.JlisIssuer;
import jp.jukihub.jlis.MyNumberGenerator;
import jp.jukihub.nation.MunicipalityCatalog;
import jp.jukihub.number.LgCode;
import jp.jukihub.number.ResidentCode;
import jp.jukihub.person.BirthDate;
import jp.jukihub.person.PersonName;
import jp.jukihub.person.Sex;
import jp.jukihub.register.GoLive;
import jp.jukihub.register.PgResidentRegister;
import jp.jukihub.register.RegisterAnswer;
import jp.jukihub.register.RegisterView;
import jp.jukihub.register.ResidentRegister;
import jp.jukihub.register.ResidentRegister.Destination;
import jp.jukihub.register.ResidentRegister.Household;
import jp.jukihub.register.ResidentRegister.MoveIn;
import jp.jukihub.register.ResidentRegister.MoveOut;
import jp.jukihub.register.ResidentRegister.NumberChange;
import jp.jukihub.register.ResidentRegister.Registration;
import jp.jukihub.testing.Eventually;
import jp.jukihub.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The register's token lane against a real PostgreSQL: births, arrivals from abroad and move-ins
 * written through the store's register acquire their municipality's token, once, whatever the
 * lane's restarts, moves and number changes, and through a database failure.
 */
class RegisterTokenLaneIT {
  private static final LgCode CHIYODA = LgCode.of("131016");
  private static final LgCode TOYONAKA = LgCode.of("272035");
  private static final String NATIONAL_BODY = "jps";
  private static final Duration WITHIN = Duration.ofSeconds(10);
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2024-06-01T00:00:00Z"), ZoneOffset.UTC);
  private static final LocalDate BORN = LocalDate.of(2024, 4, 1);
  private static final RegisterTokenLane.Settings QUICK =
      new RegisterTokenLane.Settings(
          100, Duration.ofMillis(20), Duration.ofMillis(20), Duration.ofMillis(200));

  private static Vertx vertx;

  private final NetworkKey key = new NetworkKey(filled(NetworkKey.KEY_BYTES, 7));
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private final List<AutoCloseable> running = new ArrayList<>();
  private DatabaseTarget database;
  private StorePool pool;
  private ResidentRegister register;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() throws Exception {
    done(vertx.close());
  }

  @BeforeEach
  void openRegister() {
    database = TestDatabases.fresh();
    pool = StorePool.open(vertx, database, 4, "store");
    register =
        new PgResidentRegister(
            pool,
            new JlisIssuer(pool, filled(MyNumberGenerator.KEY_BYTES, 3)),
            new RegisterView(MunicipalityCatalog.load(), GoLive.MY_NUMBER_ACT, CLOCK),
            10);
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
    done(pool.close());
  }

  @Test
  void
      should_deliver_the_municipality_its_token_when_a_birth_or_an_arrival_from_abroad_is_registered()
          throws Exception {
    lane(database);
    JsonObject born = born(CHIYODA, "出生");
    JsonObject arrived = born(CHIYODA, "国外からの転入");

    for (JsonObject resident : List.of(born, arrived)) {
      String number = resident.getString("unifiedAddressNumber");
      assertThat(number).matches("U[0-9]{10}");
      byte[] token = tokenWithin(CHIYODA, resident);
      assertThat(token).isEqualTo(key.token("lg-" + CHIYODA.value(), link(resident)));
      assertThat(addressOf("lg-" + CHIYODA.value(), token)).isEqualTo(number);
    }
    assertThat(born.getString("unifiedAddressNumber"))
        .isNotEqualTo(arrived.getString("unifiedAddressNumber"));
    assertThat(tokens("acquired")).isEqualTo(2);
  }

  @Test
  void should_acquire_nothing_twice_when_lanes_run_together_and_replay_their_requests()
      throws Exception {
    // The network on a database of its own: the lane commits there, then takes the requests
    // from the municipal database, the window in which a crash repeats a batch.
    DatabaseTarget network = TestDatabases.fresh();
    RegisterTokenLane first = lane(network);
    lane(network);
    List<JsonObject> residents = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      residents.add(born(CHIYODA, "出生"));
    }
    Eventually.until(WITHIN, "every request taken", () -> requestsLeft() == 0);
    Map<String, Integer> delivered = deliveries(network);
    assertThat(delivered).containsEntry("network.token", 5).containsEntry("network.acquisition", 5);

    // A crash after the network's commit and before the requests' removal: they are all taken
    // again, by a lane that starts anew.
    first.close();
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO municipal.token_request (record_id) SELECT record_id FROM municipal.resident");
    }
    lane(network);
    Eventually.until(WITHIN, "the replayed requests taken", () -> requestsLeft() == 0);

    assertThat(deliveries(network)).isEqualTo(delivered);
    assertThat(deliveries(network)).containsEntry("intermediate.address", 5);
    assertThat(tokens("acquired")).isEqualTo(5);
    assertThat(tokens("repeated")).isEqualTo(5);
    for (JsonObject resident : residents) {
      assertThat(
              scalar(
                  network,
                  "SELECT unified_address_number FROM intermediate.address WHERE token = ?",
                  key.token("lg-" + CHIYODA.value(), link(resident))))
          .isEqualTo(resident.getString("unifiedAddressNumber"));
    }
  }

  @Test
  void should_deliver_into_the_intermediate_database_when_it_is_apart_from_the_network()
      throws Exception {
    // Three databases: the register, the network's links, the intermediate servers' addresses.
    DatabaseTarget network = TestDatabases.fresh();
    DatabaseTarget intermediate = TestDatabases.fresh();
    JsonObject squatted = born(CHIYODA, "出生");
    try (Connection connection = intermediate.dataSource().getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO intermediate.address (body_id, unified_address_number, token,"
                    + " delivered_at) VALUES (?, ?, ?, now())")) {
      insert.setString(1, "lg-" + CHIYODA.value());
      insert.setString(2, squatted.getString("unifiedAddressNumber"));
      insert.setBytes(3, filled(NetworkKey.TOKEN_BYTES, 1));
      insert.executeUpdate();
    }
    RegisterTokenLane first = lane(network, intermediate);
    JsonObject resident = born(CHIYODA, "出生");
    Eventually.until(WITHIN, "every request taken", () -> requestsLeft() == 0);

    byte[] token = key.token("lg-" + CHIYODA.value(), link(resident));
    assertThat(
            scalar(
                intermediate,
                "SELECT unified_address_number FROM intermediate.address WHERE token = ?",
                token))
        .isEqualTo(resident.getString("unifiedAddressNumber"));
    // The refusal on the intermediate side rolled the network's side back too.
    assertThat(deliveries(network))
        .containsEntry("network.token", 1)
        .containsEntry("network.acquisition", 1)
        .containsEntry("intermediate.address", 0);
    assertThat(scalarInt(intermediate, "SELECT count(*) FROM network.token")).isZero();
    assertThat(scalarInt(database, "SELECT count(*) FROM intermediate.address")).isZero();
    assertThat(tokens("refused")).isEqualTo(1);

    // Replayed after a crash between the commits: nothing is linked or delivered twice.
    first.close();
    execute(
        "INSERT INTO municipal.token_request (record_id) SELECT record_id FROM municipal.resident");
    lane(network, intermediate);
    Eventually.until(WITHIN, "the replayed requests taken", () -> requestsLeft() == 0);
    assertThat(deliveries(network)).containsEntry("network.token", 1);
    assertThat(scalarInt(intermediate, "SELECT count(*) FROM intermediate.address")).isEqualTo(2);
    assertThat(tokens("acquired")).isEqualTo(1);
    assertThat(tokens("repeated")).isEqualTo(1);
  }

  @Test
  void should_keep_the_old_tokens_and_give_the_new_municipality_its_own_when_a_person_moves()
      throws Exception {
    JsonObject before = bornWithTwoTokens();
    Map<String, String> held = holdings(before);

    JsonObject certificate =
        answer(
            register.moveOut(
                CHIYODA,
                new MoveOut(
                    code(before),
                    LocalDate.of(2024, 5, 1),
                    new Destination(Optional.of(TOYONAKA), "大阪府豊中市中桜塚三丁目1番1号"),
                    "転出"),
                Optional.empty()));
    JsonObject after =
        answer(
            register.moveIn(
                TOYONAKA,
                new MoveIn(
                    certificate.getString("certificateNumber"),
                    code(before),
                    LocalDate.of(2024, 5, 2),
                    "中桜塚三丁目1番1号",
                    Household.ownHousehold()),
                Optional.empty()));

    byte[] toyonakaToken = tokenWithin(TOYONAKA, after);
    assertThat(toyonakaToken)
        .isEqualTo(key.token("lg-" + TOYONAKA.value(), link(before)))
        .isNotEqualTo(key.token("lg-" + CHIYODA.value(), link(before)));
    assertThat(after.getString("unifiedAddressNumber"))
        .isNotEqualTo(before.getString("unifiedAddressNumber"));
    Map<String, String> expected = new TreeMap<>(held);
    expected.put(
        "lg-" + TOYONAKA.value(),
        hex(toyonakaToken) + "@" + after.getString("unifiedAddressNumber"));
    assertThat(holdings(before)).isEqualTo(expected);
  }

  @Test
  void should_keep_every_token_when_the_my_number_changes() throws Exception {
    JsonObject before = bornWithTwoTokens();
    Map<String, String> held = holdings(before);

    JsonObject after =
        answer(
            register.changeMyNumber(
                CHIYODA,
                new NumberChange(code(before), "個人番号の漏えい", LocalDate.of(2024, 5, 10)),
                Optional.empty()));
    // The lane takes requests in order: once a later birth has its token, it has seen the change.
    tokenWithin(CHIYODA, born(CHIYODA, "出生"));

    assertThat(after.getString("myNumber")).isNotEqualTo(before.getString("myNumber"));
    assertThat(holdings(before)).isEqualTo(held).hasSize(2);
    assertThat(tokens("acquired")).isEqualTo(2);
  }

  @Test
  void should_catch_up_when_the_database_fails_under_the_lane() throws Exception {
    lane(database);
    tokenWithin(CHIYODA, born(CHIYODA, "出生"));

    // The lane's connection dies (a restarted server, a cut network) ...
    assertThat(
            scalar(
                database,
                "SELECT count(pg_terminate_backend(pid)) FROM pg_locks"
                    + " WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database"
                    + " WHERE datname = current_database())"))
        .isEqualTo(1L);
    // ... and then the network's tokens cannot be written for a while.
    execute("ALTER TABLE network.token RENAME TO token_away");
    List<JsonObject> waiting = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      waiting.add(born(CHIYODA, "出生"));
    }
    Eventually.until(WITHIN, "the lane failing and retrying", () -> tokens("failed") >= 3);
    assertThat(requestsLeft()).isEqualTo(3);
    execute("ALTER TABLE network.token_away RENAME TO token");

    for (JsonObject resident : waiting) {
      tokenWithin(CHIYODA, resident);
    }
    assertThat(tokens("acquired")).isEqualTo(4);
  }

  @Test
  void should_take_a_refused_request_as_done_and_deliver_the_rest_when_the_network_refuses_one()
      throws Exception {
    JsonObject squatted = born(CHIYODA, "出生");
    JsonObject next = born(CHIYODA, "出生");
    // Chiyoda's intermediate server already holds someone else's token under the first number.
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO intermediate.address (body_id, unified_address_number, token,"
                    + " delivered_at) VALUES (?, ?, ?, now())")) {
      insert.setString(1, "lg-" + CHIYODA.value());
      insert.setString(2, squatted.getString("unifiedAddressNumber"));
      insert.setBytes(3, filled(NetworkKey.TOKEN_BYTES, 1));
      insert.executeUpdate();
    }
    lane(database);

    tokenWithin(CHIYODA, next);
    Eventually.until(WITHIN, "every request taken", () -> requestsLeft() == 0);
    assertThat(tokens("refused")).isEqualTo(1);
    assertThat(tokens("acquired")).isEqualTo(1);
    // The refused acquisition left nothing behind: no link, no remembered acquisition number.
    assertThat(holdings(squatted)).isEmpty();
    assertThat(scalarInt(database, "SELECT count(*) FROM network.acquisition")).isEqualTo(1);
  }

  // --- the fixture ------------------------------------------------------------------------------

  private RegisterTokenLane lane(DatabaseTarget network) {
    RegisterTokenLane lane =
        RegisterTokenLane.start(database, network, key, QUICK, registry, CLOCK);
    running.add(lane);
    return lane;
  }

  private RegisterTokenLane lane(DatabaseTarget network, DatabaseTarget intermediate) {
    RegisterTokenLane lane =
        RegisterTokenLane.start(database, network, intermediate, key, QUICK, registry, CLOCK);
    running.add(lane);
    return lane;
  }

  private JsonObject born(LgCode municipality, String reason) throws Exception {
    return answer(
        register.register(
            municipality,
            new Registration(
                PersonName.of("山田", "花子", "ヤマダ", "ハナコ"),
                new BirthDate(BORN),
                Sex.FEMALE,
                "千代田一丁目1番1号",
                Household.ownHousehold(),
                reason,
                BORN),
            Optional.empty()));
  }

  /** A newborn whose token Chiyoda's lane has delivered, holding a national body's token too. */
  private JsonObject bornWithTwoTokens() throws Exception {
    lane(database);
    JsonObject resident = born(CHIYODA, "出生");
    tokenWithin(CHIYODA, resident);
    acquireNational(resident);
    return resident;
  }

  private void acquireNational(JsonObject resident) throws Exception {
    done(
        new TokenAcquisition(pool, key, CLOCK)
            .acquire(NATIONAL_BODY, "A-1", code(resident), "J0000000001"));
  }

  /** The municipality's token for the resident, once its intermediate server holds it. */
  private byte[] tokenWithin(LgCode municipality, JsonObject resident) throws Exception {
    String bodyId = "lg-" + municipality.value();
    return Eventually.until(
        WITHIN,
        bodyId + "'s token delivered",
        () ->
            (byte[])
                scalar(
                    database,
                    "SELECT token FROM intermediate.address"
                        + " WHERE body_id = ? AND unified_address_number = ?",
                    bodyId,
                    resident.getString("unifiedAddressNumber")),
        token -> token != null);
  }

  /** Each body's token for the resident and the number it is delivered under: token@number. */
  private Map<String, String> holdings(JsonObject resident) throws SQLException {
    Map<String, String> held = new TreeMap<>();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT t.body_id, t.token, a.unified_address_number FROM network.token t"
                    + " JOIN intermediate.address a USING (body_id, token) WHERE t.link = ?")) {
      select.setBytes(1, link(resident));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          held.put(rows.getString(1), hex(rows.getBytes(2)) + "@" + rows.getString(3));
        }
      }
    }
    return held;
  }

  private Map<String, Integer> deliveries(DatabaseTarget network) throws SQLException {
    Map<String, Integer> counts = new TreeMap<>();
    for (String table : List.of("network.token", "network.acquisition", "intermediate.address")) {
      counts.put(table, scalarInt(network, "SELECT count(*) FROM " + table));
    }
    return counts;
  }

  private String addressOf(String bodyId, byte[] token) throws SQLException {
    return (String)
        scalar(
            database,
            "SELECT unified_address_number FROM intermediate.address WHERE body_id = ? AND token = ?",
            bodyId,
            token);
  }

  private int requestsLeft() throws SQLException {
    return scalarInt(database, "SELECT count(*) FROM municipal.token_request");
  }

  private double tokens(String outcome) {
    return registry
        .counter("hub.provision.tokens", "source", "register", "outcome", outcome)
        .count();
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private byte[] link(JsonObject resident) {
    return key.link(code(resident));
  }

  private static ResidentCode code(JsonObject resident) {
    return ResidentCode.of(resident.getString("residentCode"));
  }

  private static JsonObject answer(Future<RegisterAnswer> write) throws Exception {
    return done(write).body();
  }

  private static <T> T done(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  private static byte[] filled(int length, int value) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }
}
