package jp.jukihub.gateway.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.gateway.HubServer;
import jp.jukihub.gateway.config.HubConfigLoader;
import jp.jukihub.gateway.config.HubOptions;
import jp.jukihub.gateway.config.PortalOptions;
import jp.jukihub.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * My Portal's page in real headless Chromium: a resident logs in with her card (the test plays the
 * card reader app, signing the challenge the page shows), finds the tax agency's lookup and the
 * municipality's exchange the test made moments before, reads and marks her notice, and a revoked
 * card is turned away with the reason. Screenshots of each page go to
 * gateway/target/portal-screenshots/.
 */
class PortalBrowserIT {
  @TempDir static Path data;
  static DatabaseTarget database;
  static HubServer hub;
  static PortalFixture world;
  static PortalFixture.Resident hanako;

  @BeforeAll
  static void start() throws Exception {
    database = TestDatabases.fresh();
    HubOptions options =
        HubConfigLoader.load(
                null,
                Map.of("JUKIHUB_DATA_DIR", data.toString(), "JUKIHUB_INSTANCE", "portal-browser"))
            .withFreeLoopbackPorts();
    options =
        options.withPortal(new PortalOptions(true, options.portal().listener(), 15, 120, 200));
    hub = HubServer.start(options, database, true);
    world = new PortalFixture(hub, database);
    hanako =
        world.withCard(
            world.born("佐藤\u3000花子", "サトウ\u3000ハナコ", "1990-03-15", "female"), "demo-auth-4321");
    // Moments before she looks: the tax agency looks her up, Chiyoda asks Shibuya for her income.
    assertThat(world.lookUp(hanako.myNumber()).statusCode()).isEqualTo(200);
    HttpResponse<String> exchanged = world.exchangeAbout(hanako, "A-1", "C-1", "S-1");
    assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void should_show_a_resident_who_looked_and_what_was_exchanged_and_refuse_a_revoked_card()
      throws Exception {
    try (Browser browser = Browser.start(Browser.Viewport.PHONE)) {
      browser.open(portalUrl());
      browser.screenshot("01-login-phone-ja");
      logIn(browser);
      browser.waitFor(By.id("home-screen"));
      WebElement lookup = browser.waitFor(By.cssSelector("#accesses-table tr[data-kind='lookup']"));
      assertThat(lookup.getText()).contains("National Tax Agency");
      WebElement provision =
          browser.waitFor(By.cssSelector("#accesses-table tr[data-kind='provision']"));
      assertThat(provision.getText()).contains("Chiyoda").contains("Shibuya");
      browser.screenshot("02-access-records-phone-ja");

      browser.waitFor(By.id("tab-self")).click();
      browser.waitFor(By.id("copies-table"));
      assertThat(browser.waitFor(By.id("my-number")).getText()).doesNotContain(hanako.myNumber());
      browser.screenshot("03-my-information-phone-ja");

      browser.waitFor(By.id("tab-notices")).click();
      WebElement notice =
          browser.waitFor(
              By.cssSelector("#notices-list li[data-kind='provided'][data-read='false']"));
      browser.screenshot("04-notices-unread-phone-ja");
      notice.findElement(By.cssSelector("button.mark-read")).click();
      browser.waitFor(By.cssSelector("#notices-list li[data-kind='provided'][data-read='true']"));
      browser.screenshot("05-notices-read-phone-ja");

      browser.viewport(Browser.Viewport.DESKTOP);
      browser.waitFor(By.id("lang-switch")).click();
      browser.waitForAttribute(By.tagName("html"), "lang", "en");
      browser.waitFor(By.id("tab-accesses")).click();
      browser.screenshot("06-access-records-desktop-en");
      assertThat(browser.consoleProblems())
          .noneMatch(problem -> problem.contains("Content Security Policy"));

      // Her municipality revokes the card: the page, on its next request, says why she is out.
      HttpResponse<String> revoked =
          world.api(
              PortalFixture.CHIYODA,
              "POST",
              "/v1/jpki/certificates/" + hanako.card().serial() + "/revoke",
              "{\"reason\":\"cardLost\"}",
              null);
      assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
      browser.open(portalUrl());
      browser.waitForAttribute(By.id("login-error"), "data-code", "CARD_REVOKED");
      browser.screenshot("07-revoked-card-desktop-en");

      // And a fresh log-in with it is refused with the same reason.
      logIn(browser);
      browser.waitForAttribute(By.id("login-error"), "data-code", "CARD_REVOKED");
      browser.screenshot("08-revoked-card-login-desktop-en");
    }
  }

  /** Starts the log-in on the page and answers it as the card reader app would. */
  private static void logIn(Browser browser) throws Exception {
    browser.waitFor(By.id("login-start")).click();
    String id = browser.waitForAttribute(By.id("login-challenge"), "data-challenge-id");
    String challenge = browser.waitForAttribute(By.id("login-challenge"), "data-challenge");
    PortalClient.of(data.resolve("keys").resolve("body-ca.crt"), hub.portalPort(), null)
        .post(
            "/portal/login/challenges/" + id + "/signature",
            new JsonObject()
                .put("certificate", hanako.card().certificatePem())
                .put("signature", hanako.card().sign(challenge))
                .encode());
  }

  private static String portalUrl() {
    return "https://127.0.0.1:" + hub.portalPort() + "/portal/";
  }
}
