package jp.jukihub.gateway.identity;

import static jp.jukihub.testing.TestDatabases.setConnections;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.gateway.HubServer;
import jp.jukihub.gateway.config.HubConfigLoader;
import jp.jukihub.gateway.config.HubOptions;
import jp.jukihub.gateway.config.TierOptions;
import jp.jukihub.gateway.testing.PartitionProxy;
import jp.jukihub.testing.Eventually;
import jp.jukihub.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The national tier on a database of its own, which stops taking connections mid-run: lookups by
 * national bodies go on, answered by the prefecture tier, and say so; with Tokyo's prefecture
 * database down as well, a lookup fails (503) rather than call a Tokyo resident unknown; when the
 * national tier is back, it answers again. After failures enough in a row its breaker opens, and
 * lookups skip it until a probe finds it back. Partitioned away (it neither answers nor refuses),
 * lookups fall back when its budget runs out, and it answers again once the partition heals.
 */
class NationalOutageIT {
  private static final Logger log = LoggerFactory.getLogger(NationalOutageIT.class);
  static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir Path data;

  @Test
  void should_answer_from_the_prefecture_tier_while_the_national_database_is_down()
      throws Exception {
    DatabaseTarget national = TestDatabases.fresh();
    DatabaseTarget tokyo = TestDatabases.fresh();
    try (HubServer hub = start("outage", national, tokyo)) {
      String first = born(hub, "outage-1", "ヤマモト\u3000ハナ");
      String second = born(hub, "outage-2", "ヤマモト\u3000ソラ");
      assertThat(awaitNational(hub, first).getString("servedBy")).isEqualTo("national");
      // Not looked up before the outage, so no cache holds it: it must come from a tier.
      awaitRow(national, second);

      setConnections(national, false);
      try {
        HttpResponse<String> during = lookup(hub, second);
        assertThat(during.statusCode()).as(during.body()).isEqualTo(200);
        JsonObject answer = new JsonObject(during.body());
        assertThat(answer.getString("servedBy")).isEqualTo("prefecture-fallback");
        assertThat(answer.getJsonObject("name").getString("kana")).isEqualTo("ヤマモト\u3000ソラ");

        setConnections(tokyo, false);
        try {
          HttpResponse<String> neither = lookup(hub, second);
          assertThat(neither.statusCode()).as(neither.body()).isEqualTo(503);
          assertThat(new JsonObject(neither.body()).getString("code"))
              .isEqualTo("STORE_UNAVAILABLE");
        } finally {
          setConnections(tokyo, true);
        }
      } finally {
        setConnections(national, true);
      }
      assertThat(awaitNational(hub, first).getString("servedBy")).isEqualTo("national");
    }
  }

  @Test
  void should_not_resolve_a_number_retired_after_a_move_while_the_national_tier_is_down()
      throws Exception {
    DatabaseTarget national = TestDatabases.fresh();
    DatabaseTarget tokyo = TestDatabases.fresh();
    try (HubServer hub = start("retired", national, tokyo)) {
      JsonObject birth =
          new JsonObject()
              .put("event", "birth")
              .put("name", new JsonObject().put("kanji", "松本\u3000陸").put("kana", "マツモト\u3000リク"))
              .put("birthDate", "2025-06-06")
              .put("sex", "male")
              .put("addressRest", "九段北1丁目1番");
      JsonObject born =
          json(
              send(hub, "lg-131016", "/v1/municipalities/131016/residents", birth, "retired-birth"),
              201);
      String code = born.getString("residentCode");
      String old = born.getString("myNumber");
      JsonObject certificate =
          json(
              send(
                  hub,
                  "lg-131016",
                  "/v1/municipalities/131016/move-outs",
                  new JsonObject()
                      .put("residentCode", code)
                      .put("plannedOn", "2025-07-01")
                      .put(
                          "destination",
                          new JsonObject()
                              .put("lgCode", "272035")
                              .put("address", "大阪府豊中市中桜塚3丁目1番1号")),
                  "retired-out"),
              201);
      json(
          send(
              hub,
              "lg-272035",
              "/v1/municipalities/272035/move-ins",
              new JsonObject()
                  .put("certificateNumber", certificate.getString("certificateNumber"))
                  .put("residentCode", code)
                  .put("movedInOn", "2025-07-02")
                  .put("addressRest", "中桜塚3丁目1番1号"),
              "retired-in"),
          201);
      String renewed =
          json(
                  send(
                      hub,
                      "lg-272035",
                      "/v1/municipalities/272035/residents/" + code + "/my-number-change",
                      new JsonObject().put("reason", "漏えいにより不正に用いられるおそれ"),
                      "retired-change"),
                  200)
              .getString("myNumber");
      awaitRow(national, renewed);
      awaitRow(
          tokyo,
          "SELECT 1 FROM prefecture.identity WHERE my_number = ? AND status = 'moved_out'",
          old);

      setConnections(national, false);
      try {
        HttpResponse<String> retired = lookup(hub, old);
        assertThat(retired.statusCode())
            .as(
                "only Tokyo's moved-out row still holds the old number: neither found nor unknown without the national tier")
            .isEqualTo(503);
        assertThat(new JsonObject(retired.body()).getString("code")).isEqualTo("STORE_UNAVAILABLE");
        JsonObject current = json(lookup(hub, renewed), 200);
        assertThat(current.getString("servedBy")).isEqualTo("prefecture-fallback");
        assertThat(current.getJsonObject("address").getString("lgCode")).isEqualTo("272035");
      } finally {
        setConnections(national, true);
      }
    }
  }

  @Test
  void should_skip_the_national_tier_while_its_breaker_is_open_and_close_it_when_the_tier_is_back()
      throws Exception {
    DatabaseTarget national = TestDatabases.fresh();
    DatabaseTarget tokyo = TestDatabases.fresh();
    try (HubServer hub = start("breaker", national, tokyo)) {
      String subject = born(hub, "breaker-1", "ヤマモト\u3000ミオ");
      awaitRow(national, subject);

      setConnections(national, false);
      try {
        double failedBefore = meter(hub, "hub_identity_fallbacks_total{", "reason=\"failed\"");
        // Failed reads are not cached: each of these asks the national tier and falls back.
        for (int i = 0; i < TierOptions.DEFAULT_NATIONAL_BREAKER_FAILURES; i++) {
          assertThat(new JsonObject(lookup(hub, subject).body()).getString("servedBy"))
              .isEqualTo("prefecture-fallback");
        }
        assertThat(meter(hub, "hub_identity_fallbacks_total{", "reason=\"failed\""))
            .isEqualTo(failedBefore + TierOptions.DEFAULT_NATIONAL_BREAKER_FAILURES);
        assertThat(meter(hub, "hub_identity_national_breaker{", "reads=\"lookups\""))
            .isEqualTo(1.0);

        HttpResponse<String> open = lookup(hub, subject);
        assertThat(new JsonObject(open.body()).getString("servedBy"))
            .isEqualTo("prefecture-fallback");
        assertThat(meter(hub, "hub_identity_fallbacks_total{", "reason=\"open\"")).isEqualTo(1);
        assertThat(meter(hub, "hub_identity_fallbacks_total{", "reason=\"failed\""))
            .as("the open breaker kept the lookup from the national tier")
            .isEqualTo(failedBefore + TierOptions.DEFAULT_NATIONAL_BREAKER_FAILURES);
      } finally {
        setConnections(national, true);
      }
      // Never cached (fallback answers are not): national again once the probe has succeeded.
      awaitNational(hub, subject);
      assertThat(meter(hub, "hub_identity_national_breaker{", "reads=\"lookups\"")).isEqualTo(0.0);
    }
  }

  /**
   * The national tier partitioned away (a proxy between the hub and its database that lets no byte
   * through, connections held open, as a network that drops every packet): unlike a refusal, reads
   * hang, so each lookup falls back when the budget runs out. Every lookup still answers, from the
   * prefecture tier, within the promised 2 s; the breaker opens; and once the partition heals the
   * national tier answers again and the breaker closes.
   */
  @Test
  void
      should_fall_back_within_the_budget_and_open_the_breaker_when_the_national_tier_is_partitioned()
          throws Exception {
    DatabaseTarget national = TestDatabases.fresh();
    DatabaseTarget tokyo = TestDatabases.fresh();
    try (PartitionProxy proxy = PartitionProxy.start(national.host(), national.port());
        HubServer hub =
            start(
                "partition",
                national
                    .uriWithPassword()
                    .replace(":" + national.port() + "/", ":" + proxy.port() + "/"),
                tokyo)) {
      // Not looked up before the partition, so no cache holds them: each must come from a tier.
      List<String> numbers = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        numbers.add(born(hub, "partition-" + i, "ヤマモト\u3000ハル"));
      }
      String afterwards = numbers.remove(numbers.size() - 1);
      for (String number : numbers) {
        awaitRow(national, number);
      }
      awaitRow(national, afterwards);
      double slowBefore = meter(hub, "hub_identity_fallbacks_total{", "reason=\"slow\"");

      proxy.partition();
      long worstNanos = 0;
      long healed;
      try {
        for (String number : numbers) {
          long started = System.nanoTime();
          HttpResponse<String> answer = lookup(hub, number);
          worstNanos = Math.max(worstNanos, System.nanoTime() - started);
          assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
          assertThat(new JsonObject(answer.body()).getString("servedBy"))
              .isEqualTo("prefecture-fallback");
        }
        assertThat(meter(hub, "hub_identity_national_breaker{", "reads=\"lookups\""))
            .as("the breaker is open")
            .isEqualTo(1.0);
        assertThat(meter(hub, "hub_identity_fallbacks_total{", "reason=\"slow\""))
            .as("lookups fell back because the national tier was late, not because it refused")
            .isGreaterThanOrEqualTo(slowBefore + TierOptions.DEFAULT_NATIONAL_BREAKER_FAILURES);
      } finally {
        proxy.heal();
        healed = System.nanoTime();
      }
      awaitNational(hub, afterwards);
      long recoveredMillis = (System.nanoTime() - healed) / 1_000_000;
      assertThat(meter(hub, "hub_identity_national_breaker{", "reads=\"lookups\"")).isEqualTo(0.0);
      log.info(
          "national partition: worst lookup {} ms (budget 300 ms), national again {} ms after healing",
          worstNanos / 1_000_000,
          recoveredMillis);
      assertThat(Duration.ofNanos(worstNanos)).isLessThanOrEqualTo(Duration.ofSeconds(2));
    }
  }

  /** The sum of the scraped series of one meter whose tags contain {@code tag}. */
  private static double meter(HubServer hub, String series, String tag) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.opsPort() + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body()
        .lines()
        .filter(line -> line.startsWith(series) && line.contains(tag))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  /**
   * A hub on a fresh database of its own, with the national tier and Tokyo's prefecture on their
   * own; budget 300 ms.
   */
  private HubServer start(String instance, DatabaseTarget national, DatabaseTarget tokyo) {
    return start(instance, national.uriWithPassword(), tokyo);
  }

  /** As above, the national tier at {@code nationalUrl}. */
  private HubServer start(String instance, String nationalUrl, DatabaseTarget tokyo) {
    HubOptions options =
        HubConfigLoader.load(
                null, Map.of("JUKIHUB_DATA_DIR", data.toString(), "JUKIHUB_INSTANCE", instance))
            .withFreeLoopbackPorts();
    TierOptions defaults = TierOptions.sharedDatabase();
    TierOptions tiers =
        new TierOptions(
            null,
            nationalUrl,
            Map.of("13", tokyo.uriWithPassword()),
            true,
            defaults.maxBatch(),
            defaults.idleWaitMillis(),
            300,
            defaults.nationalBreakerFailures(),
            defaults.nationalBreakerOpenMillis());
    return HubServer.start(options.withTiers(tiers), TestDatabases.fresh(), true);
  }

  private static JsonObject json(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return new JsonObject(response.body());
  }

  /** Registers a birth in Chiyoda; returns the new resident's My Number. */
  private static String born(HubServer hub, String key, String kana) throws Exception {
    JsonObject birth =
        new JsonObject()
            .put("event", "birth")
            .put("name", new JsonObject().put("kanji", "山本\u3000" + key).put("kana", kana))
            .put("birthDate", "2025-05-05")
            .put("sex", "female")
            .put("addressRest", "九段南1丁目2番");
    HttpResponse<String> created =
        send(hub, "lg-131016", "/v1/municipalities/131016/residents", birth, key);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return new JsonObject(created.body()).getString("myNumber");
  }

  private static JsonObject awaitNational(HubServer hub, String myNumber) throws Exception {
    HttpResponse<String> answer =
        Eventually.until(
            Duration.ofSeconds(15),
            "the national tier answers",
            () -> lookup(hub, myNumber),
            found ->
                found.statusCode() == 200
                    && new JsonObject(found.body()).getString("servedBy").equals("national"));
    return new JsonObject(answer.body());
  }

  private static void awaitRow(DatabaseTarget national, String myNumber) throws Exception {
    awaitRow(national, "SELECT 1 FROM national.identity WHERE my_number = ?", myNumber);
  }

  private static void awaitRow(DatabaseTarget database, String sql, String myNumber)
      throws Exception {
    try (Connection connection = database.dataSource().getConnection();
        java.sql.PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, myNumber);
      Eventually.until(
          Duration.ofSeconds(15),
          "the change reaches the tier",
          () -> {
            try (java.sql.ResultSet row = select.executeQuery()) {
              return row.next();
            }
          });
    }
  }

  private static HttpResponse<String> lookup(HubServer hub, String myNumber) throws Exception {
    return send(
        hub,
        "nta",
        "/v1/identity/lookup",
        new JsonObject().put("affair", "t1-national-tax").put("myNumber", myNumber),
        null);
  }

  private static HttpResponse<String> send(
      HubServer hub, String body, String path, JsonObject json, String key) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.apiPort() + path))
            .header("X-Jukihub-Body", body)
            .header("X-Jukihub-Operator", "officer-2")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json.encode()));
    if (key != null) {
      request.header("Idempotency-Key", key);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
