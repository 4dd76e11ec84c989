package jp.jukihub.gateway.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.gateway.HubServer;
import jp.jukihub.gateway.cli.HubCommand;
import jp.jukihub.gateway.config.HubConfigLoader;
import jp.jukihub.gateway.config.HubOptions;
import jp.jukihub.testing.Eventually;
import jp.jukihub.testing.MutableClock;
import jp.jukihub.testing.TestDatabases;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * My Portal over real TLS against a real hub and PostgreSQL: residents log in with the card they
 * were issued (TLS client authentication, or a challenge the card signs), and see about themselves
 * only the lookups, exchanges, certificates and changes of seven years (time injected), the copies
 * held about them and their notices; revoked, expired and foreign cards are refused with a reason.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PortalIT {
  private static final String CHIYODA = PortalFixture.CHIYODA;
  private static final String SHIBUYA = PortalFixture.SHIBUYA;
  private static final Instant BORN_AT = Instant.parse("2019-04-01T00:00:00Z");
  private static final Instant TODAY = Instant.parse("2026-06-01T00:00:00Z");

  @TempDir static Path data;
  static DatabaseTarget database;
  static MutableClock clock;
  static HubServer hub;
  static Path bodyCa;
  static PortalFixture world;
  static PortalFixture.Resident hanako;
  static PortalFixture.Resident ichiro;
  static int yearlyLookups;

  record Resident(
      String residentCode, String myNumber, long personId, Card card, JsonObject issued) {}

  @BeforeAll
  static void start() throws Exception {
    database = TestDatabases.fresh();
    // J-LIS's CAs are made at the first start, valid ten years from then: today.
    clock = new MutableClock(TODAY);
    HubOptions options =
        HubConfigLoader.load(
                null, Map.of("JUKIHUB_DATA_DIR", data.toString(), "JUKIHUB_INSTANCE", "portal-it"))
            .withFreeLoopbackPorts();
    options =
        options.withPortal(
            new jp.jukihub.gateway.config.PortalOptions(
                true, options.portal().listener(), 15, 120, 200));
    hub =
        HubServer.start(
            options,
            database,
            true,
            HubServer.DURABLE_AUDIT,
            new HubServer.Time(clock, System::nanoTime));
    bodyCa = data.resolve("keys").resolve("body-ca.crt");
    world = new PortalFixture(hub, database);
    clock.set(BORN_AT);
    // Hanako is born in 2019; the tax agency looks her up once a year until 2026.
    String hanakoCode = world.born("佐藤\u3000花子", "サトウ\u3000ハナコ", "2019-03-15", "female");
    for (int year = 0; year < 7; year++) {
      clock.set(BORN_AT.plus(Duration.ofDays(365L * year + 30)));
      HttpResponse<String> looked = world.lookUp(world.myNumberOf(hanakoCode));
      assertThat(looked.statusCode()).as(looked.body()).isEqualTo(200);
      yearlyLookups++;
    }
    clock.set(TODAY);
    hanako = world.withCard(hanakoCode, "demo-auth-4321");
    ichiro =
        world.withCard(
            world.born("田中\u3000一郎", "タナカ\u3000イチロウ", "1985-07-01", "male"), "demo-auth-8765");
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  @Order(1)
  void should_ask_for_the_card_and_keep_nothing_in_caches_when_no_card_is_presented()
      throws Exception {
    HttpResponse<String> me = portal(null).get("/v1/portal/me");
    assertProblem(me, 401, "NOT_LOGGED_IN");
    assertThat(me.headers().firstValue("Cache-Control")).hasValue("no-store");
    HttpResponse<String> page = portal(null).get("/portal/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("default-src 'self'");
  }

  @Test
  @Order(2)
  void should_show_the_resident_their_own_4_info_with_my_number_masked_until_revealed()
      throws Exception {
    HttpResponse<String> me = portal(hanako.card()).get("/v1/portal/me");
    assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
    assertThat(me.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonObject json = new JsonObject(me.body());
    assertThat(json.getJsonObject("name").getString("kanji")).isEqualTo("佐藤\u3000花子");
    assertThat(json.getString("birthDate")).isEqualTo("2019-03-15");
    assertThat(json.getString("address")).startsWith("東京都千代田区");
    assertThat(json.getString("myNumber"))
        .isEqualTo("********" + hanako.myNumber().substring(8))
        .doesNotContain(hanako.myNumber());
    JsonObject revealed =
        new JsonObject(portal(hanako.card()).get("/v1/portal/me?reveal=myNumber").body());
    assertThat(revealed.getString("myNumber")).isEqualTo(hanako.myNumber());
    assertProblem(
        portal(hanako.card()).get("/v1/portal/me?reveal=residentCode"), 400, "INVALID_REQUEST");
    // Each read is recorded under her, with My Portal acting, the revealed number among the fields.
    assertThat(
            TestDatabases.scalarInt(
                database,
                "SELECT count(*)::int FROM audit.record WHERE route = 'portal.me' AND body_id = 'portal'"
                    + " AND subject = ? AND 'myNumber' = ANY(fields)",
                hanako.personId()))
        .isEqualTo(1);
  }

  @Test
  @Order(3)
  void should_list_the_tax_agencys_lookup_and_a_municipalitys_exchange_newest_first()
      throws Exception {
    assertThat(world.lookUp(hanako.myNumber()).statusCode()).isEqualTo(200);
    HttpResponse<String> exchanged = world.exchangeAbout(hanako, "A-1", "C-1", "S-1");
    assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);

    JsonArray accesses = accesses(hanako.card(), "?limit=20");
    JsonObject newest = accesses.getJsonObject(0);
    assertThat(newest.getString("kind")).isEqualTo("provision");
    assertThat(newest.getJsonObject("body").getString("id")).isEqualTo(CHIYODA);
    assertThat(newest.getJsonObject("counterpart").getString("id")).isEqualTo(SHIBUYA);
    assertThat(newest.getString("item")).isEqualTo("local-tax-income");
    assertThat(newest.getJsonObject("affair").getString("description")).isNotBlank();
    JsonObject lookup = firstOfKind(accesses, "lookup");
    assertThat(lookup.getJsonObject("body").getString("name")).contains("National Tax Agency");
    assertThat(lookup.getJsonObject("affair").getString("id")).isEqualTo("t1-national-tax");
    assertThat(lookup.getJsonArray("fields").getList()).isNotEmpty();
    assertThat(lookup.containsKey("operator")).isFalse();
    // Her own reads are hers, listed as the portal's.
    assertThat(firstOfKind(accesses, "portal_read").getJsonObject("body").getString("id"))
        .isEqualTo("portal");
    // The exchange shows once, not once per side.
    assertThat(
            accesses.stream().filter(a -> ((JsonObject) a).getString("kind").equals("provision")))
        .hasSize(1);
  }

  @Test
  @Order(4)
  void should_page_through_seven_years_newest_first_and_filter_by_period_and_body()
      throws Exception {
    List<Instant> times = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    String cursor = null;
    do {
      HttpResponse<String> page =
          portal(hanako.card())
              .get(
                  "/v1/portal/me/accesses?limit=3&body=nta"
                      + (cursor == null ? "" : "&cursor=" + cursor));
      assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
      JsonObject json = new JsonObject(page.body());
      for (Object each : json.getJsonArray("accesses")) {
        JsonObject access = (JsonObject) each;
        assertThat(access.getJsonObject("body").getString("id")).isEqualTo("nta");
        times.add(Instant.parse(access.getString("time")));
        assertThat(seen.add(access.encode())).as("no record twice").isTrue();
      }
      cursor = json.getString("next");
    } while (cursor != null);
    assertThat(times).hasSize(yearlyLookups + 1).isSortedAccordingTo((a, b) -> b.compareTo(a));
    assertThat(times.get(times.size() - 1)).isBefore(BORN_AT.plus(Duration.ofDays(60)));

    JsonArray in2021 =
        accesses(hanako.card(), "?from=2021-01-01T00:00:00Z&to=2022-01-01T00:00:00Z&body=nta");
    assertThat(in2021).hasSize(1);
    assertProblem(
        portal(hanako.card()).get("/v1/portal/me/accesses?body=nobody"), 400, "INVALID_REQUEST");
    assertProblem(
        portal(hanako.card()).get("/v1/portal/me/accesses?cursor=forged"), 400, "INVALID_REQUEST");
  }

  @Test
  @Order(5)
  void should_download_the_records_as_csv() throws Exception {
    HttpResponse<String> csv = portal(hanako.card()).get("/v1/portal/me/accesses.csv?body=nta");
    assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
    assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow())
        .contains("attachment");
    String[] lines = csv.body().replace("\uFEFF", "").split("\r\n");
    assertThat(lines[0]).startsWith("time,kind,body");
    assertThat(lines).hasSize(1 + yearlyLookups + 1);
    assertThat(lines[1]).contains(",lookup,nta,").contains("t1-national-tax");
  }

  @Test
  @Order(6)
  void should_show_the_copies_the_intermediate_servers_hold_about_her() throws Exception {
    HttpResponse<String> copies = portal(hanako.card()).get("/v1/portal/me/copies");
    assertThat(copies.statusCode()).as(copies.body()).isEqualTo(200);
    JsonArray list = new JsonObject(copies.body()).getJsonArray("copies");
    assertThat(list).hasSize(1);
    JsonObject copy = list.getJsonObject(0);
    assertThat(copy.getString("item")).isEqualTo("local-tax-income");
    assertThat(copy.getJsonObject("provider").getString("id")).isEqualTo(SHIBUYA);
    assertThat(copy.getJsonObject("data").getInteger("fiscalYear")).isEqualTo(2025);
    assertThat(
            new JsonObject(portal(ichiro.card()).get("/v1/portal/me/copies").body())
                .getJsonArray("copies"))
        .as("another resident's copies")
        .isEmpty();
  }

  @Test
  @Order(7)
  void should_notify_of_the_exchange_and_mark_the_notice_read() throws Exception {
    JsonObject notices =
        Eventually.until(
            Duration.ofSeconds(20),
            "a notice of the exchange",
            () -> new JsonObject(portal(hanako.card()).get("/v1/portal/me/notices").body()),
            json ->
                json.getJsonArray("notices").stream()
                    .anyMatch(n -> "provided".equals(((JsonObject) n).getString("kind"))));
    long unread = notices.getLong("unread");
    JsonObject provided = firstOfKind(notices.getJsonArray("notices"), "provided");
    assertThat(provided.getBoolean("read")).isFalse();
    assertThat(provided.getJsonObject("body").getString("id")).isEqualTo(CHIYODA);
    String id = provided.getString("id");

    assertProblem(
        portal(ichiro.card()).post("/v1/portal/me/notices/" + id + "/read", null),
        404,
        "NOT_FOUND");
    assertProblem(
        portal(hanako.card()).postFromElsewhere("/v1/portal/me/notices/" + id + "/read"),
        403,
        "NOT_FROM_PORTAL");
    HttpResponse<String> read =
        portal(hanako.card()).post("/v1/portal/me/notices/" + id + "/read", null);
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    JsonObject after = new JsonObject(portal(hanako.card()).get("/v1/portal/me/notices").body());
    assertThat(after.getLong("unread")).isEqualTo(unread - 1);
    assertThat(
            new JsonObject(portal(hanako.card()).get("/v1/portal/me").body())
                .getLong("unreadNotices"))
        .isEqualTo(unread - 1);
  }

  @Test
  @Order(8)
  void should_never_show_one_resident_anothers_records() throws Exception {
    JsonArray accesses = accesses(ichiro.card(), "?limit=200");
    assertThat(accesses.stream().map(a -> ((JsonObject) a).getString("kind")))
        .doesNotContain("provision");
    assertThat(accesses.encode()).doesNotContain(hanako.myNumber());
    assertThat(
            new JsonObject(portal(ichiro.card()).get("/v1/portal/me").body())
                .getJsonObject("name")
                .getString("kanji"))
        .isEqualTo("田中\u3000一郎");
  }

  @Test
  @Order(9)
  void should_log_a_browser_in_with_a_challenge_the_card_signs() throws Exception {
    PortalClient browser = portal(null);
    HttpResponse<String> asked = browser.post("/portal/login/challenges", null);
    assertThat(asked.statusCode()).as(asked.body()).isEqualTo(201);
    String loginCookie = cookie(asked, LoginChallenges.COOKIE);
    JsonObject challenge = new JsonObject(asked.body());
    String id = challenge.getString("challengeId");
    String session = "/portal/login/challenges/" + id + "/session";
    assertThat(browser.withCookie(loginCookie).post(session, null).statusCode())
        .as("not signed yet")
        .isEqualTo(202);

    // The card reader app signs what the page shows, and sends it with the certificate.
    HttpResponse<String> signed =
        portal(null)
            .post(
                "/portal/login/challenges/" + id + "/signature",
                new JsonObject()
                    .put("certificate", hanako.card().certificatePem())
                    .put("signature", hanako.card().sign(challenge.getString("challenge")))
                    .encode());
    assertThat(signed.statusCode()).as(signed.body()).isEqualTo(204);
    assertProblem(
        portal(null).withCookie(LoginChallenges.COOKIE + "=someone-else").post(session, null),
        404,
        "CHALLENGE_EXPIRED");
    HttpResponse<String> loggedIn = browser.withCookie(loginCookie).post(session, null);
    assertThat(loggedIn.statusCode()).as(loggedIn.body()).isEqualTo(200);
    String sessionCookie = cookie(loggedIn, PortalSessions.COOKIE);
    assertThat(loggedIn.headers().allValues("Set-Cookie"))
        .anySatisfy(
            c ->
                assertThat(c)
                    .contains(PortalSessions.COOKIE)
                    .containsIgnoringCase("HttpOnly")
                    .contains("Secure")
                    .containsIgnoringCase("SameSite=Strict"));
    HttpResponse<String> me = browser.withCookie(sessionCookie).get("/v1/portal/me");
    assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
    assertThat(browser.withCookie(loginCookie).post(session, null).statusCode())
        .as("a session is handed out once")
        .isEqualTo(404);

    HttpResponse<String> out = browser.withCookie(sessionCookie).post("/portal/logout", null);
    assertThat(out.statusCode()).isEqualTo(204);
    assertProblem(browser.withCookie(sessionCookie).get("/v1/portal/me"), 401, "NOT_LOGGED_IN");
  }

  @Test
  @Order(10)
  void should_refuse_a_signature_that_is_not_the_cards_over_the_challenge() throws Exception {
    PortalClient browser = portal(null);
    HttpResponse<String> asked = browser.post("/portal/login/challenges", null);
    String id = new JsonObject(asked.body()).getString("challengeId");
    HttpResponse<String> forged =
        portal(null)
            .post(
                "/portal/login/challenges/" + id + "/signature",
                new JsonObject()
                    .put("certificate", hanako.card().certificatePem())
                    .put(
                        "signature",
                        ichiro.card().sign(new JsonObject(asked.body()).getString("challenge")))
                    .encode());
    assertProblem(forged, 403, "SIGNATURE_INVALID");
    assertProblem(
        browser
            .withCookie(cookie(asked, LoginChallenges.COOKIE))
            .post("/portal/login/challenges/" + id + "/session", null),
        403,
        "SIGNATURE_INVALID");
  }

  @Test
  @Order(11)
  void should_refuse_a_certificate_that_is_not_a_cards_user_authentication_certificate()
      throws Exception {
    // A certificate in the name of J-LIS's user-authentication CA, not signed by it.
    Card forged = forgedCard();
    assertProblem(signChallenge(forged), 403, "CARD_NOT_RECOGNISED");
    // By the card reader app: the card's signing certificate, which is no log-in certificate.
    Card signing =
        Card.open(
            hanako.issued().getJsonObject("sign").getString("serial"),
            hanako.issued().getJsonObject("sign").getString("pkcs12"),
            "demo-sign-ABC123");
    PortalClient browser = portal(null);
    HttpResponse<String> asked = browser.post("/portal/login/challenges", null);
    JsonObject challenge = new JsonObject(asked.body());
    HttpResponse<String> signed =
        portal(null)
            .post(
                "/portal/login/challenges/" + challenge.getString("challengeId") + "/signature",
                new JsonObject()
                    .put("certificate", signing.certificatePem())
                    .put("signature", signing.sign(challenge.getString("challenge")))
                    .encode());
    assertProblem(signed, 403, "CARD_NOT_RECOGNISED");
  }

  @Test
  @Order(12)
  void should_refuse_a_revoked_card_at_once_also_in_an_open_session() throws Exception {
    PortalClient browser = portal(null);
    String sessionCookie = logIn(browser, ichiro.card());
    assertThat(browser.withCookie(sessionCookie).get("/v1/portal/me").statusCode()).isEqualTo(200);

    HttpResponse<String> revoked =
        world.api(
            CHIYODA,
            "POST",
            "/v1/jpki/certificates/" + ichiro.card().serial() + "/revoke",
            "{\"reason\":\"cardLost\"}",
            null);
    assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
    assertProblem(portal(ichiro.card()).get("/v1/portal/me"), 403, "CARD_REVOKED");
    assertProblem(browser.withCookie(sessionCookie).get("/v1/portal/me"), 403, "CARD_REVOKED");
    assertProblem(browser.withCookie(sessionCookie).get("/v1/portal/me"), 401, "NOT_LOGGED_IN");
    // The revocation becomes one of his notices.
    Eventually.until(
        Duration.ofSeconds(20),
        "a notice of the revocation",
        () ->
            TestDatabases.scalarInt(
                database,
                "SELECT count(*)::int FROM portal.notice WHERE kind = 'certificate_revoked' AND subject = ?",
                ichiro.personId()),
        n -> n == 1);
  }

  @Test
  @Order(13)
  void should_refuse_an_expired_card() throws Exception {
    Instant notAfter = hanako.card().certificate().getNotAfter().toInstant();
    clock.set(notAfter.plusSeconds(1));
    try {
      assertProblem(portal(hanako.card()).get("/v1/portal/me"), 403, "CARD_EXPIRED");
    } finally {
      clock.set(TODAY);
    }
    assertThat(portal(hanako.card()).get("/v1/portal/me").statusCode()).isEqualTo(200);
  }

  @Test
  @Order(14)
  void should_log_the_page_in_when_the_demos_card_reader_app_signs_its_code() throws Exception {
    PortalClient browser = portal(null);
    HttpResponse<String> asked = browser.post("/portal/login/challenges", null);
    JsonObject challenge = new JsonObject(asked.body());
    Path card = Files.writeString(data.resolve("card.json"), hanako.issued().encode());
    Path config = Files.writeString(data.resolve("hub.yaml"), "data:\n  directory: " + data + "\n");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        HubCommand.execute(
            new String[] {
              "card",
              "login",
              "--config",
              config.toString(),
              "--card",
              card.toString(),
              "--pin",
              "demo-auth-4321",
              "--portal",
              "https://127.0.0.1:" + hub.portalPort(),
              challenge.getString("challenge")
            },
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString()).contains("signed");
    HttpResponse<String> session =
        browser
            .withCookie(cookie(asked, LoginChallenges.COOKIE))
            .post(
                "/portal/login/challenges/" + challenge.getString("challengeId") + "/session",
                null);
    assertThat(session.statusCode()).as(session.body()).isEqualTo(200);
  }

  @Test
  @Order(15)
  @SuppressWarnings("unchecked")
  void should_describe_exactly_the_routes_it_serves_in_its_own_openapi_document() throws Exception {
    HttpResponse<String> yaml = portal(null).get("/openapi.yaml");
    assertThat(yaml.statusCode()).isEqualTo(200);
    Map<String, Object> description =
        new org.yaml.snakeyaml.Yaml(
                new org.yaml.snakeyaml.constructor.SafeConstructor(
                    new org.yaml.snakeyaml.LoaderOptions()))
            .load(yaml.body());
    Set<String> documented = new java.util.TreeSet<>();
    ((Map<String, Map<String, Object>>) description.get("paths"))
        .forEach(
            (path, operations) ->
                operations
                    .keySet()
                    .forEach(method -> documented.add(method.toUpperCase() + " " + path)));
    assertThat(documented).containsExactlyInAnyOrderElementsOf(hub.portalRoutes());
    Map<String, Object> schemas =
        (Map<String, Object>) ((Map<String, Object>) description.get("components")).get("schemas");
    Map<String, Object> problem =
        (Map<String, Object>)
            ((Map<String, Object>) ((Map<String, Object>) schemas.get("Problem")).get("properties"))
                .get("code");
    List<String> codes = (List<String>) problem.get("enum");
    assertThat(codes)
        .contains(
            "NOT_LOGGED_IN",
            "CARD_REVOKED",
            "CARD_EXPIRED",
            "CARD_NOT_RECOGNISED",
            "SIGNATURE_INVALID",
            "CHALLENGE_EXPIRED",
            "NOT_FROM_PORTAL");
  }

  @Test
  @Order(16)
  void should_tell_openssl_why_a_forged_card_presented_in_the_handshake_is_refused()
      throws Exception {
    // The real openssl client presents whatever it is given, whichever CA the portal asks for.
    Card forged = forgedCard();
    Path certificate = Files.writeString(data.resolve("forged.crt"), forged.certificatePem());
    Path key = data.resolve("forged.key");
    try (var pem = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(Files.newBufferedWriter(key))) {
      pem.writeObject(forged.key());
    }
    Process openssl =
        new ProcessBuilder(
                "openssl",
                "s_client",
                "-quiet",
                "-connect",
                "127.0.0.1:" + hub.portalPort(),
                "-cert",
                certificate.toString(),
                "-key",
                key.toString(),
                "-CAfile",
                bodyCa.toString(),
                "-verify_return_error")
            .redirectErrorStream(true)
            .start();
    openssl
        .getOutputStream()
        .write(
            ("GET /v1/portal/me HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    openssl.getOutputStream().flush();
    String answer = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    openssl.waitFor();
    assertThat(answer).contains("HTTP/1.1 403").contains("\"code\":\"CARD_NOT_RECOGNISED\"");
  }

  // ---- the bodies' side and fixtures

  /** The card reader app's answer to a fresh challenge, signed by {@code card}. */
  private static HttpResponse<String> signChallenge(Card card) throws Exception {
    JsonObject challenge =
        new JsonObject(portal(null).post("/portal/login/challenges", null).body());
    return portal(null)
        .post(
            "/portal/login/challenges/" + challenge.getString("challengeId") + "/signature",
            new JsonObject()
                .put("certificate", card.certificatePem())
                .put("signature", card.sign(challenge.getString("challenge")))
                .encode());
  }

  private static String logIn(PortalClient browser, Card card) throws Exception {
    HttpResponse<String> asked = browser.post("/portal/login/challenges", null);
    JsonObject challenge = new JsonObject(asked.body());
    String id = challenge.getString("challengeId");
    HttpResponse<String> signed =
        portal(null)
            .post(
                "/portal/login/challenges/" + id + "/signature",
                new JsonObject()
                    .put("certificate", card.certificatePem())
                    .put("signature", card.sign(challenge.getString("challenge")))
                    .encode());
    assertThat(signed.statusCode()).as(signed.body()).isEqualTo(204);
    HttpResponse<String> session =
        browser
            .withCookie(cookie(asked, LoginChallenges.COOKIE))
            .post("/portal/login/challenges/" + id + "/session", null);
    assertThat(session.statusCode()).as(session.body()).isEqualTo(200);
    return cookie(session, PortalSessions.COOKIE);
  }

  private static PortalClient portal(Card card) throws Exception {
    return PortalClient.of(bodyCa, hub.portalPort(), card);
  }

  private static JsonArray accesses(Card card, String query) throws Exception {
    HttpResponse<String> page = portal(card).get("/v1/portal/me/accesses" + query);
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    return new JsonObject(page.body()).getJsonArray("accesses");
  }

  private static JsonObject firstOfKind(JsonArray list, String kind) {
    return list.stream()
        .map(JsonObject.class::cast)
        .filter(each -> kind.equals(each.getString("kind")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " in " + list.encode()));
  }

  private static String cookie(HttpResponse<String> response, String name) {
    return response.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith(name + "="))
        .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no cookie " + name));
  }

  static void assertProblem(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(new JsonObject(response.body()).getString("code")).isEqualTo(code);
  }

  /**
   * A key and certificate that name J-LIS's user-authentication CA as issuer, signed by another.
   */
  private static Card forgedCard() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    X500Name name =
        new X500Name("CN=Japan Agency for Local Authority Information Systems, O=JPKI, C=JP");
    X509Certificate certificate =
        new JcaX509CertificateConverter()
            .getCertificate(
                new JcaX509v3CertificateBuilder(
                        name,
                        BigInteger.valueOf(42),
                        Date.from(TODAY.minus(Duration.ofDays(1))),
                        Date.from(TODAY.plus(Duration.ofDays(365))),
                        new X500Name("CN=forger"),
                        pair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    char[] pin = "0000".toCharArray();
    store.setKeyEntry(
        "card", pair.getPrivate(), pin, new java.security.cert.Certificate[] {certificate});
    return new Card("2A", pair.getPrivate(), certificate, store, pin);
  }
}
