package jp.jukihub.gateway.register;

import static jp.jukihub.gateway.register.RegisterClient.birth;
import static jp.jukihub.testing.TestDatabases.scalar;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.gateway.HubServer;
import jp.jukihub.gateway.register.RegisterClient.Reply;
import jp.jukihub.testing.Eventually;
import jp.jukihub.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The register's events acquire tokens over real HTTP: a birth gives the municipality its token
 * under the record's unified address number; a move keeps the old tokens and gives the new
 * municipality its own; a My Number change keeps every token.
 */
class RegisterTokensIT {
  static final String CHIYODA = "lg-131016";
  static final String TOYONAKA = "lg-272035";
  static final String AT_CHIYODA = "/v1/municipalities/131016";
  static final String AT_TOYONAKA = "/v1/municipalities/272035";
  static final String HOUSEHOLD =
      "{\"householdNumber\":\"1234567890\",\"relationshipCode\":\"20\",\"isHead\":false,"
          + "\"since\":\"2024-04-01\"}";

  @TempDir static Path data;
  static DatabaseTarget database;
  static HubServer hub;
  static RegisterClient client;

  @BeforeAll
  static void start() {
    database = TestDatabases.fresh();
    hub = HubServer.start(RegisterFlowsIT.options(data, "register-tokens"), database, true);
    client = new RegisterClient(hub.apiPort());
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  /** The token {@code body}'s intermediate server holds under {@code uan}, once delivered. */
  static String token(String body, String uan) throws Exception {
    return Eventually.<String>until(
        Duration.ofSeconds(15),
        "a token for " + body + " under its unified address number",
        () ->
            (String)
                scalar(
                    database,
                    "SELECT encode(token, 'hex') FROM intermediate.address"
                        + " WHERE body_id = ? AND unified_address_number = ?",
                    body,
                    uan),
        found -> found != null);
  }

  @Test
  void should_give_the_municipality_its_token_when_a_birth_is_registered() throws Exception {
    Reply born =
        client.post(
            CHIYODA,
            AT_CHIYODA + "/residents",
            birth("山田\u3000花子", "ヤマダ\u3000ハナコ", "2024-04-01", "female"));
    assertThat(born.status()).as(born.json().encode()).isEqualTo(201);
    String uan = born.json().getString("unifiedAddressNumber");
    assertThat(uan).matches("U[0-9]{10}");
    token(CHIYODA, uan);
    // The municipality can now keep a copy for the child under its own number.
    Reply copy = client.put(CHIYODA, "/v1/provision/copies/household/" + uan, HOUSEHOLD);
    assertThat(copy.status()).as(copy.json().encode()).isEqualTo(200);
  }

  @Test
  void
      should_keep_every_token_when_the_my_number_changes_and_give_the_new_municipality_its_own_when_moving()
          throws Exception {
    JsonObject born =
        client
            .post(
                CHIYODA,
                AT_CHIYODA + "/residents",
                birth("鈴木\u3000次郎", "スズキ\u3000ジロウ", "2024-04-02", "male"))
            .json();
    String code = born.getString("residentCode");
    String chiyodaToken = token(CHIYODA, born.getString("unifiedAddressNumber"));

    Reply changed =
        client.post(
            CHIYODA,
            AT_CHIYODA + "/residents/" + code + "/my-number-change",
            new JsonObject().put("reason", "漏えいにより不正に用いられるおそれ").encode());
    assertThat(changed.status()).as(changed.json().encode()).isEqualTo(200);
    assertThat(token(CHIYODA, born.getString("unifiedAddressNumber")))
        .as("tokens come from the resident code, not the My Number")
        .isEqualTo(chiyodaToken);

    Reply moveOut = client.moveOut(CHIYODA, AT_CHIYODA, code, "272035", "大阪府豊中市中桜塚3丁目1番1号");
    assertThat(moveOut.status()).as(moveOut.json().encode()).isEqualTo(201);
    Reply moveIn = client.moveIn(TOYONAKA, AT_TOYONAKA, moveOut.json(), "中桜塚3丁目1番1号");
    assertThat(moveIn.status()).as(moveIn.json().encode()).isEqualTo(201);
    String toyonakaUan = moveIn.json().getString("unifiedAddressNumber");
    assertThat(toyonakaUan).isNotEqualTo(born.getString("unifiedAddressNumber"));
    String toyonakaToken = token(TOYONAKA, toyonakaUan);
    assertThat(toyonakaToken).isNotEqualTo(chiyodaToken);
    assertThat(token(CHIYODA, born.getString("unifiedAddressNumber")))
        .as("the former municipality's token stays")
        .isEqualTo(chiyodaToken);
  }
}
