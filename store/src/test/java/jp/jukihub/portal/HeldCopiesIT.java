package jp.jukihub.portal;

import static jp.jukihub.portal.PortalFixtures.NETWORK;
import static jp.jukihub.portal.PortalFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.database.StorePool;
import jp.jukihub.portal.HeldCopies.HeldCopy;
import jp.jukihub.portal.PortalFixtures.Person;
import jp.jukihub.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The copies bodies hold about a person, with the network and the intermediate servers on databases
 * of their own.
 */
class HeldCopiesIT {
  private static final Instant REGISTERED = Instant.parse("2026-02-01T00:00:00Z");
  private static final Person RESIDENT = Person.of(1_001);
  private static final Person OTHER = Person.of(2_002);

  private static Vertx vertx;
  private static DatabaseTarget networkDatabase;
  private static DatabaseTarget intermediateDatabase;
  private static StorePool network;
  private static StorePool intermediate;
  private static HeldCopies copies;

  @BeforeAll
  static void open() throws Exception {
    vertx = Vertx.vertx();
    networkDatabase = TestDatabases.fresh();
    intermediateDatabase = TestDatabases.fresh();
    token("lg-131016", RESIDENT);
    token("jps", RESIDENT);
    token("lg-131016", OTHER);
    token("nta", OTHER);
    copy("lg-131016", "tax", RESIDENT, new JsonObject().put("income", 4_000_000));
    copy("lg-131016", "household", RESIDENT, new JsonObject().put("householdNumber", "H-1"));
    copy("jps", "pension", RESIDENT, new JsonObject().put("pensioner", false));
    copy("lg-131016", "tax", OTHER, new JsonObject().put("income", 1));
    copy("nta", "tax", OTHER, new JsonObject().put("income", 2));
    // The resident's token of lg-131016 as another body's token: a token is unique per body only.
    copy("nta", "pension", "nta", NETWORK.token("lg-131016", RESIDENT.link()));
    network = StorePool.open(vertx, networkDatabase, 2, "network");
    intermediate = StorePool.open(vertx, intermediateDatabase, 2, "intermediate");
    copies = new HeldCopies(intermediate, network);
  }

  private static void token(String body, Person person) throws Exception {
    try (Connection connection = networkDatabase.dataSource().getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO network.token (body_id, token, link, acquired_at)"
                    + " VALUES (?, ?, ?, ?)")) {
      insert.setString(1, body);
      insert.setBytes(2, NETWORK.token(body, person.link()));
      insert.setBytes(3, person.link());
      insert.setObject(4, OffsetDateTime.ofInstant(REGISTERED, ZoneOffset.UTC));
      insert.executeUpdate();
    }
  }

  private static void copy(String body, String item, Person person, JsonObject data)
      throws Exception {
    insertCopy(body, item, NETWORK.token(body, person.link()), data);
  }

  private static void copy(String body, String item, String tokenBody, byte[] token)
      throws Exception {
    insertCopy(body, item, token, new JsonObject().put("of", tokenBody));
  }

  private static void insertCopy(String body, String item, byte[] token, JsonObject data)
      throws Exception {
    try (Connection connection = intermediateDatabase.dataSource().getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO intermediate.copy (body_id, item, token, data, version, registered_at)"
                    + " VALUES (?, ?, ?, ?::jsonb, 2, ?)")) {
      insert.setString(1, body);
      insert.setString(2, item);
      insert.setBytes(3, token);
      insert.setString(4, data.encode());
      insert.setObject(5, OffsetDateTime.ofInstant(REGISTERED, ZoneOffset.UTC));
      insert.executeUpdate();
    }
  }

  @AfterAll
  static void close() throws Exception {
    await(network.close());
    await(intermediate.close());
    await(vertx.close());
  }

  @Test
  void should_find_every_bodys_copies_by_body_and_item_when_the_person_is_linked()
      throws Exception {
    List<HeldCopy> held = await(copies.of(RESIDENT.link()));

    assertThat(held)
        .extracting(HeldCopy::bodyId, HeldCopy::item)
        .containsExactly(
            tuple("jps", "pension"), tuple("lg-131016", "household"), tuple("lg-131016", "tax"));
    HeldCopy tax = held.get(2);
    assertThat(tax.data()).isEqualTo(new JsonObject().put("income", 4_000_000));
    assertThat(tax.version()).isEqualTo(2);
    assertThat(tax.registeredAt()).isEqualTo(REGISTERED);
    assertThat(tax.toString()).doesNotContain("4000000");
  }

  @Test
  void should_find_only_the_persons_own_copies_when_others_share_the_bodies() throws Exception {
    List<HeldCopy> held = await(copies.of(OTHER.link()));

    assertThat(held)
        .extracting(HeldCopy::bodyId, HeldCopy::item)
        .containsExactly(tuple("lg-131016", "tax"), tuple("nta", "tax"));
    assertThat(held)
        .extracting(HeldCopy::data)
        .doesNotContain(new JsonObject().put("income", 4_000_000));
  }

  @Test
  void should_find_nothing_when_no_body_holds_a_token_for_the_link() throws Exception {
    assertThat(await(copies.of(Person.of(3_003).link()))).isEmpty();
  }
}
