package jp.jukihub.gateway.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driving My Portal (マイナポータル) in a test: Debian's {@code /usr/bin/chromium}
 * through Debian's {@code /usr/bin/chromedriver}, both named explicitly so that Selenium Manager
 * never looks for (or downloads) a browser. {@code ops/scripts/ensure-chromium} installs them first
 * where it can; a machine that could have and did not fails the test, any other skips it, with the
 * script's reason.
 *
 * <p>Each instance is a fresh profile (empty localStorage and cookies) that accepts the hub's
 * self-issued server certificate. Waits are bounded ({@link #TIMEOUT}) and poll for a condition,
 * never for time. Screenshots are written as {@code gateway/target/portal-screenshots/NAME.png}
 * (the whole page, not only the viewport).
 *
 * <pre>{@code
 * try (Browser browser = Browser.start(Browser.Viewport.PHONE)) {
 *   browser.open(hub.resolve("/portal/"));
 *   browser.waitFor(By.id("login-start")).click();
 *   String challenge = browser.waitForAttribute(By.id("login-challenge"), "data-challenge");
 *   ...
 *   browser.screenshot("login-phone-ja");
 * }
 * }</pre>
 */
public final class Browser implements AutoCloseable {
  /** How long a wait may last before the test fails, naming what did not happen. */
  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** Where {@link #screenshot} writes, relative to the gateway module (Maven's working dir). */
  public static final Path SCREENSHOTS = Path.of("target", "portal-screenshots").toAbsolutePath();

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
  private static final Pattern SCREENSHOT_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

  /** The page sizes the portal is checked at, in CSS pixels at a device pixel ratio of 1. */
  public enum Viewport {
    /** A phone held upright (412 × 915): touch, and the page's mobile viewport rules. */
    PHONE(412, 915, true),
    /** A laptop's browser window (1280 × 900). */
    DESKTOP(1280, 900, false);

    final int width;
    final int height;
    final boolean mobile;

    Viewport(int width, int height, boolean mobile) {
      this.width = width;
      this.height = height;
      this.mobile = mobile;
    }
  }

  private static Optional<String> unavailable;

  private final ChromeDriver driver;
  private final WebDriverWait wait;

  private Browser(ChromeDriver driver) {
    this.driver = driver;
    this.wait = new WebDriverWait(driver, TIMEOUT);
  }

  /**
   * Starts headless Chromium at this size, after {@code ensure-chromium}; fails or skips the
   * calling test (see the class's Javadoc) when the browser is not to be had.
   */
  public static Browser start(Viewport viewport) {
    requireChromium();
    try {
      Files.createDirectories(SCREENSHOTS); // and target/, where the driver's log goes
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Browser browser = new Browser(new ChromeDriver(service(), options()));
    try {
      browser.driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
      browser.driver.manage().timeouts().scriptTimeout(TIMEOUT);
      browser.viewport(viewport);
      return browser;
    } catch (RuntimeException e) {
      browser.close();
      throw e;
    }
  }

  /** Debian's chromedriver, on a free port, logging to target/chromedriver.log. */
  private static ChromeDriverService service() {
    return new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .withLogFile(SCREENSHOTS.resolveSibling("chromedriver.log").toFile())
        // Chromium on Linux takes its locale from here, not from --lang; with it, fontconfig
        // draws kanji with Japanese glyphs rather than Chinese ones.
        .withEnvironment(Map.of("LANGUAGE", "ja", "LANG", "ja_JP.UTF-8"))
        .build();
  }

  /** Debian's Chromium, headless, Japanese first, trusting the hub's self-issued certificate. */
  private static ChromeOptions options() {
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--window-size=" + Viewport.DESKTOP.width + "," + Viewport.DESKTOP.height,
        "--force-device-scale-factor=1",
        "--lang=ja-JP",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-sync");
    options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "ja-JP,ja,en"));
    options.setAcceptInsecureCerts(true);
    options.setCapability("goog:loggingPrefs", logs);
    return options;
  }

  /**
   * Emulates this size from now on (Chrome DevTools' device metrics: a phone also gets touch and
   * the mobile viewport), without restarting the browser; reload or open a page to lay it out
   * afresh if a script measured the old size.
   */
  public Browser viewport(Viewport viewport) {
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of(
            "width", viewport.width,
            "height", viewport.height,
            "deviceScaleFactor", 1,
            "mobile", viewport.mobile));
    driver.executeCdpCommand(
        "Emulation.setTouchEmulationEnabled",
        Map.of("enabled", viewport.mobile, "maxTouchPoints", viewport.mobile ? 5 : 1));
    return this;
  }

  /** Loads this URL (the hub's, e.g. {@code https://localhost:PORT/portal/}) and waits for it. */
  public Browser open(String url) {
    driver.get(url);
    return this;
  }

  /** Selenium's driver, for what the helpers here do not cover (keys, actions, cookies). */
  public WebDriver driver() {
    return driver;
  }

  /** Elements carrying {@code data-testid="ID"}. */
  public static By testId(String id) {
    return By.cssSelector("[data-testid=\"" + id + "\"]");
  }

  /** The element, once it is displayed. */
  public WebElement waitFor(By element) {
    return waitUntil(
        element + " displayed", ExpectedConditions.visibilityOfElementLocated(element));
  }

  /** The element, once its visible text contains {@code text}. */
  public WebElement waitForText(By element, String text) {
    waitUntil(
        element + " showing '" + text + "'",
        ExpectedConditions.textToBePresentInElementLocated(element, text));
    return driver.findElement(element);
  }

  /** The element's attribute, once the element has it and it is not empty. */
  public String waitForAttribute(By element, String attribute) {
    return waitUntil(
        element + " with a " + attribute,
        page -> {
          List<WebElement> found = page.findElements(element);
          String value = found.isEmpty() ? null : found.get(0).getDomAttribute(attribute);
          return value == null || value.isEmpty() ? null : value;
        });
  }

  /** The element, once its attribute has exactly this value. */
  public WebElement waitForAttribute(By element, String attribute, String value) {
    waitUntil(
        element + " with " + attribute + "='" + value + "'",
        ExpectedConditions.attributeToBe(element, attribute, value));
    return driver.findElement(element);
  }

  /** Returns once no such element is displayed (absent or hidden). */
  public void waitForGone(By element) {
    waitUntil(element + " gone", ExpectedConditions.invisibilityOfElementLocated(element));
  }

  /** The elements, once there are at least {@code count} of them. */
  public List<WebElement> waitForCount(By elements, int count) {
    return waitUntil(
        "at least " + count + " of " + elements,
        ExpectedConditions.numberOfElementsToBeMoreThan(elements, count - 1));
  }

  /**
   * The condition's first answer that is neither null nor false; fails the test after {@link
   * #TIMEOUT}, saying what was awaited and what the page showed.
   */
  public <T> T waitUntil(String what, Function<? super WebDriver, T> condition) {
    try {
      return wait.withMessage(() -> what).until(condition);
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError(
          "waited " + TIMEOUT.toSeconds() + " s for " + what + "; the page said: " + pageText(), e);
    }
  }

  /** Runs a script in the page (for reading state, e.g. localStorage) and returns its result. */
  public Object script(String javascript, Object... arguments) {
    return ((JavascriptExecutor) driver).executeScript(javascript, arguments);
  }

  /**
   * The browser console's errors and warnings since the last call (a refused script or style under
   * the Content-Security-Policy shows here), one line each.
   */
  public List<String> consoleProblems() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
        .map(LogEntry::getMessage)
        .collect(Collectors.toList());
  }

  /**
   * Writes the whole page (beyond the viewport too) as {@code
   * gateway/target/portal-screenshots/NAME.png} and returns its path; {@code name} is lower case:
   * letters, digits, '.', '_' and '-'.
   */
  public Path screenshot(String name) {
    assertThat(name).as("screenshot name").matches(SCREENSHOT_NAME);
    byte[] png;
    try {
      png = fullPage();
    } catch (WebDriverException e) {
      png = driver.getScreenshotAs(OutputType.BYTES);
    }
    Path file = SCREENSHOTS.resolve(name + ".png");
    try {
      Files.createDirectories(SCREENSHOTS);
      Files.write(file, png);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  private byte[] fullPage() {
    Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
    @SuppressWarnings("unchecked")
    Map<String, Object> content = (Map<String, Object>) metrics.get("cssContentSize");
    double width = ((Number) content.get("width")).doubleValue();
    double height = ((Number) content.get("height")).doubleValue();
    Map<String, Object> shot =
        driver.executeCdpCommand(
            "Page.captureScreenshot",
            Map.of(
                "format",
                "png",
                "captureBeyondViewport",
                true,
                "clip",
                Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
    return Base64.getDecoder().decode((String) shot.get("data"));
  }

  @Override
  public void close() {
    driver.quit();
  }

  private String pageText() {
    try {
      String text = driver.findElement(By.tagName("body")).getText();
      return text.length() > 2000 ? text.substring(0, 2000) + "..." : text;
    } catch (WebDriverException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  private static synchronized void requireChromium() {
    if (unavailable == null) {
      unavailable = ensureChromium();
    }
    if (unavailable.isEmpty()) {
      return;
    }
    String reason = "Chromium for the portal's browser tests: " + unavailable.get();
    if (couldInstall()) {
      throw new AssertionError(reason);
    }
    Assumptions.abort(reason);
  }

  /** Root with apt-get: ensure-chromium could have installed the browser, so failing is a bug. */
  private static boolean couldInstall() {
    return "root".equals(System.getProperty("user.name"))
        && Files.isExecutable(Path.of("/usr/bin/apt-get"));
  }

  /** Empty when Chromium and its driver are there; else why not (the script's stdout). */
  private static Optional<String> ensureChromium() {
    Path script = repository().resolve("ops/scripts/ensure-chromium");
    try {
      Path output = Files.createTempFile("jukihub-chromium-", ".out");
      Path chatter = Files.createTempFile("jukihub-chromium-", ".err");
      try {
        Process process =
            new ProcessBuilder("bash", script.toString())
                .redirectOutput(output.toFile())
                .redirectError(chatter.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        if (!process.waitFor(INSTALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
          return Optional.of(script + " did not end within " + INSTALL_TIMEOUT);
        }
        if (process.exitValue() == 0) {
          return Optional.empty();
        }
        String reason = Files.readString(output, StandardCharsets.UTF_8).strip();
        return Optional.of(
            (reason.isEmpty() ? script + " exited " + process.exitValue() : reason)
                + tail(Files.readString(chatter, StandardCharsets.UTF_8)));
      } finally {
        Files.deleteIfExists(output);
        Files.deleteIfExists(chatter);
      }
    } catch (IOException e) {
      return Optional.of("could not run " + script + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted while running " + script);
    }
  }

  private static String tail(String chatter) {
    String stripped = chatter.strip();
    if (stripped.isEmpty()) {
      return "";
    }
    return "\n"
        + (stripped.length() > 2000
            ? "..." + stripped.substring(stripped.length() - 2000)
            : stripped);
  }

  /** Maven runs the tests in the module's directory; the repository root is its parent. */
  private static Path repository() {
    Path module = Path.of("").toAbsolutePath();
    return Files.isDirectory(module.resolve("ops/scripts")) ? module : module.getParent();
  }
}
