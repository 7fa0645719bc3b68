package org.divs.console;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Headless Chromium from Debian driven by Selenium, with nothing downloaded: the browser and its
 * driver are named explicitly. Tests call {@link #assumeAvailable()} first: where Chromium is
 * absent they are skipped with a one-line reason, and fail instead when {@code CI=true}.
 */
public final class Chromium implements AutoCloseable {
  /** The Debian package's browser. */
  public static final Path BINARY = Path.of("/usr/bin/chromium");

  /** The Debian package's driver. */
  public static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private final ChromeDriver driver;

  private Chromium(ChromeDriver driver) {
    this.driver = driver;
  }

  /** Why Chromium cannot run here, if it cannot. */
  public static Optional<String> missing() {
    if (!Files.isExecutable(BINARY)) {
      return Optional.of("no Chromium at " + BINARY + " (apt-get install chromium)");
    }
    if (!Files.isExecutable(DRIVER)) {
      return Optional.of("no chromedriver at " + DRIVER + " (apt-get install chromium-driver)");
    }
    return Optional.empty();
  }

  /** Skips the test where Chromium is absent, or fails it when {@code CI=true}. */
  public static void assumeAvailable() {
    Optional<String> why = missing();
    if (why.isPresent() && "true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail("CI=true but " + why.get());
    }
    Assumptions.assumeTrue(why.isEmpty(), () -> "browser test skipped: " + why.orElse(""));
  }

  /**
   * Starts headless Chromium with a fresh profile in {@code profile} and a window of {@code width}
   * x {@code height} CSS pixels, recording the browser's console log.
   */
  public static Chromium start(Path profile, int width, int height) {
    // never let Selenium Manager look for (or download) a browser or driver
    System.setProperty("SE_MANAGER_PATH", "/nonexistent/selenium-manager");
    System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, DRIVER.toString());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BINARY.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-extensions",
        "--no-first-run",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        "--window-size=" + width + "," + height,
        "--user-data-dir=" + profile.toAbsolutePath());
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(DRIVER.toString()))
            .usingAnyFreePort()
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    return new Chromium(driver);
  }

  /** The driver. */
  public ChromeDriver driver() {
    return driver;
  }

  /** Runs {@code script} in the page and returns its value. */
  public Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** The browser console entries so far at level SEVERE (errors, failed loads). */
  public List<String> errors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::toString)
        .toList();
  }

  /**
   * Saves a screenshot of the whole page to {@code file}: the window grows to the page's height,
   * and the charts are redrawn at their new size before the shot.
   */
  public Path screenshot(Path file) throws IOException {
    Number height = (Number) js("return document.documentElement.scrollHeight;");
    Dimension size = driver.manage().window().getSize();
    driver.manage().window().setSize(new Dimension(size.getWidth(), height.intValue() + 140));
    ((JavascriptExecutor) driver)
        .executeAsyncScript(
            """
            const done = arguments[arguments.length - 1];
            const charts = Array.from(document.querySelectorAll('.chart'))
                .map((el) => echarts.getInstanceByDom(el)).filter((c) => c);
            let pending = charts.length;
            const fallback = setTimeout(() => done(false), 1500);
            const one = () => { if (--pending <= 0) { clearTimeout(fallback); done(true); } };
            if (!pending) { clearTimeout(fallback); done(true); }
            charts.forEach((c) => {
              const h = () => { c.off('finished', h); one(); };
              c.on('finished', h);
              c.resize({ animation: { duration: 0 } });
            });
            """);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    return file;
  }

  @Override
  public void close() {
    driver.quit();
  }
}
