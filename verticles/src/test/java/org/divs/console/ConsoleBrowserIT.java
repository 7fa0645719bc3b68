package org.divs.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.divs.testing.ClusterFixture.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.divs.bus.VertxFactory;
import org.divs.config.Topology;
import org.divs.config.TopologyLoader;
import org.divs.deploy.Deployer;
import org.divs.deploy.Unit;
import org.divs.node.Cities;
import org.divs.node.DivsUnits;
import org.divs.testing.ClusterFixture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.WebDriverWait;

@DisplayName("The console of a running city, in headless Chromium")
class ConsoleBrowserIT {
  private static long accuracyPoints(Chromium b) {
    return (Long)
        b.js(
            "const el = document.getElementById('chart-task-cnn');"
                + "const c = el && window.echarts ? echarts.getInstanceByDom(el) : null;"
                + "return c ? c.getOption().series[0].data.length : -1;");
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  @DisplayName("shows every unit live, logs a trained round and adds it to the accuracy chart")
  void liveCity(@TempDir Path profile) throws Exception {
    Chromium.assumeAvailable();
    Vertx vertx = VertxFactory.local();
    try {
      int port = ClusterFixture.freePorts(1).get(0);
      Topology t =
          TopologyLoader.parse(Cities.small(2, 2, 30, port, new String[] {"n0"}, false).encode());
      try (Chromium b = Chromium.start(profile, 1600, 1000)) {
        await(
            Deployer.deploy(
                vertx,
                t,
                "run-browser",
                u -> true,
                new DivsUnits(new JsonObject().put("rounds", 3).put("console", true))));
        b.driver().get("http://127.0.0.1:" + port + "/");
        WebDriverWait wait = new WebDriverWait(b.driver(), Duration.ofSeconds(90));
        // the page re-renders its lists as events arrive: an element found may be gone when read
        wait.ignoring(StaleElementReferenceException.class);
        wait.withMessage(
            () ->
                "page log:\n"
                    + b.js("return document.getElementById('log').innerText;")
                    + "\ntopology:\n"
                    + b.js("return document.getElementById('topology').innerText;"));

        List<String> units = Deployer.units(t).stream().map(Unit::id).toList();
        wait.until(
            d -> d.findElements(By.cssSelector("#topology tr[data-node]")).size() >= units.size());
        for (String id : units) {
          assertThat(
                  b.driver().findElements(By.cssSelector("#topology tr[data-node='" + id + "']")))
              .as("topology row of " + id)
              .hasSize(1);
        }
        wait.until(
            d ->
                d.findElement(By.cssSelector("#topology tr[data-node='street-1'] .state"))
                    .getText()
                    .equals("up"));

        long before = accuracyPoints(b);
        wait.until(
            d ->
                !d.findElements(By.cssSelector("#log li[data-type='round']")).stream()
                    .filter(li -> !li.getText().contains(" round 0:"))
                    .toList()
                    .isEmpty());
        wait.until(d -> accuracyPoints(b) >= 2 && accuracyPoints(b) > before);
        assertThat(b.driver().findElement(By.id("conn")).getText()).isEqualTo("live");

        Path shot = b.screenshot(Path.of("target", "console.png"));
        assertThat(shot).exists();
        assertThat(b.errors()).as("browser console errors").isEmpty();
      }
    } finally {
      await(vertx.close());
    }
  }
}
