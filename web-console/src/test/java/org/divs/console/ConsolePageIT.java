package org.divs.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.divs.testing.ClusterFixture.await;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.divs.bus.Addresses;
import org.divs.bus.Codecs;
import org.divs.bus.ConsoleEvent;
import org.divs.bus.Control;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in a real browser, fed one or more events of every kind the console documents (most of
 * them not yet sent by the city): every panel draws them, the log filters by kind, a control button
 * reaches the cloud, and the browser logs no error.
 */
@DisplayName("The console page, fed every kind of event")
class ConsolePageIT {
  private static final String TOKEN = "page-token";

  /** cloud - district-1 - {street-1 (cam-1, cam-2), street-2 (cam-3, cam-4)}; cnn and flow. */
  private static final String CITY =
      """
      {
        "name": "demo-street-grid",
        "cloud": {"id": "cloud"},
        "edges": [
          {"id": "district-1", "parent": "cloud"},
          {"id": "street-1", "parent": "district-1", "speed": 1.0},
          {"id": "street-2", "parent": "district-1", "speed": 0.5, "node": "edge-b"}
        ],
        "terminals": [
          {"id": "cam-1", "edge": "street-1", "source": {"type": "synthetic"}},
          {"id": "cam-2", "edge": "street-1", "source": {"type": "synthetic"}},
          {"id": "cam-3", "edge": "street-2", "node": "edge-b", "source": {"type": "synthetic"}},
          {"id": "cam-4", "edge": "street-2", "node": "edge-b", "source": {"type": "synthetic"}}
        ],
        "tasks": [
          {"id": "cnn", "model": "cnn", "classes": ["bike", "car", "minibus", "truck"]},
          {"id": "flow", "model": "lstm"}
        ]
      }
      """;

  private static final List<String> UNITS =
      List.of("cloud", "district-1", "street-1", "street-2", "cam-1", "cam-2", "cam-3", "cam-4");

  private Vertx vertx;
  private long clock;

  private void publish(String type, String source, JsonObject payload) {
    clock += 4_000;
    vertx
        .eventBus()
        .publish(
            Addresses.CONSOLE_EVENTS, new ConsoleEvent(type, 0, clock, source, payload.encode()));
  }

  private static JsonArray names(String... ids) {
    return new JsonArray(List.of((Object[]) ids));
  }

  private void feedCity(int rounds) {
    for (String u : List.of("cloud", "district-1", "street-1", "street-2")) {
      String kind = u.equals("cloud") ? "cloud" : u.startsWith("d") ? "aggregator" : "edge";
      publish("node", u, new JsonObject().put("id", u).put("kind", kind).put("state", "up"));
    }
    for (int r = 0; r <= rounds; r++) {
      boolean late = r == 3;
      JsonObject level = new JsonObject();
      level.put(
          "2", new JsonObject().put("up", late ? 1_400_000 : 2_800_000).put("down", 2_800_000));
      level.put("1", new JsonObject().put("up", 1_400_000).put("down", 1_400_000));
      for (String task : List.of("cnn", "flow")) {
        JsonObject p =
            new JsonObject()
                .put("task", task)
                .put("round", r)
                .put(
                    "participants",
                    r == 0 ? names() : late ? names("street-1") : names("street-1", "street-2"))
                .put("missing", late ? names("street-2") : names())
                .put("samples", r == 0 ? 0 : 640)
                .put("loss", r == 0 ? null : 1.6 / (1 + r * 0.6))
                .put("evalLoss", 1.8 / (1 + r * 0.5))
                .put("bytesUp", r == 0 ? 0 : 4_200_000)
                .put("bytesDown", 4_200_000)
                .put("bytesByLevel", r == 0 ? new JsonObject() : level)
                .put("ms", 900 + 40 * r);
        if (task.equals("cnn")) {
          p.put("accuracy", Math.min(0.95, 0.2 + r * 0.11));
        } else {
          p.put("mae", 6.0 / (1 + r * 0.4))
              .put("maeH1", 5.0 / (1 + r * 0.4))
              .put("maeH", 7.0 / (1 + r * 0.4))
              .put("horizon", 12)
              .put(
                  "lastValue", new JsonObject().put("mae", 4.0).put("maeH1", 3.0).put("maeH", 5.0));
        }
        publish("round", "cloud", p);
      }
      for (String street : List.of("street-1", "street-2")) {
        boolean slow = street.equals("street-2");
        double t = (slow ? 2400 : 1100) - (r > 4 && slow ? 1000 : 0) + 30 * r;
        publish(
            "stats",
            street,
            new JsonObject()
                .put("edge", street)
                .put("frames", (slow ? 900 : 520) + 20 * r - (r > 4 && slow ? 300 : 0))
                .put(
                    "samples",
                    new JsonObject().put("cnn", (slow ? 2700 : 1560) + 60 * r).put("flow", 40 + r))
                .put("tMs", new JsonObject().put("cnn", t / 2).put("flow", 60))
                .put("TMs", new JsonObject().put("cnn", t).put("flow", 120))
                .put("speed", slow ? 0.5 : 1.0));
      }
      double b = r > 4 ? 260 : 640 + 10 * r;
      publish("balance", "cloud", new JsonObject().put("bNow", b).put("theta", 400));
      if (r == 4) {
        publish(
            "migration",
            "cloud",
            new JsonObject()
                .put("phase", "planned")
                .put("id", "m-1")
                .put("from", "street-2")
                .put("to", "street-1")
                .put("terminal", "cam-3")
                .put("frames", 300)
                .put("bNow", b)
                .put("bPlan", 250)
                .put("theta", 400));
        publish(
            "migration",
            "cloud",
            new JsonObject()
                .put("phase", "done")
                .put("id", "m-1")
                .put("from", "street-2")
                .put("to", "street-1")
                .put("terminal", "cam-3")
                .put("frames", 300));
      }
      for (int c = 1; c <= 4; c++) {
        String cam = "cam-" + c;
        publish(
            "terminal",
            cam,
            new JsonObject()
                .put("id", cam)
                .put("state", "streaming")
                .put("frames", 120 * (r + 1))
                .put("acked", 120 * (r + 1) - (c == 3 ? 10 : 0)));
        publish(
            "inference",
            c <= 2 ? "street-1" : "street-2",
            new JsonObject()
                .put("terminal", cam)
                .put("edge", c <= 2 ? "street-1" : "street-2")
                .put("task", "cnn")
                .put("round", r)
                .put(
                    "counts",
                    new JsonObject()
                        .put("bike", (c + r) % 3)
                        .put("car", 6 + c)
                        .put("minibus", c % 2)
                        .put("truck", 1 + r % 2))
                .put("latencyMs", 12 + c));
        double actual = 20 + 8 * Math.sin((r + c) / 1.5);
        publish(
            "inference",
            c <= 2 ? "street-1" : "street-2",
            new JsonObject()
                .put("terminal", cam)
                .put("edge", c <= 2 ? "street-1" : "street-2")
                .put("task", "flow")
                .put("round", r)
                .put("windowEnd", clock)
                .put("forecast", actual + 2 * Math.cos(r))
                .put("actual", actual)
                .put("latencyMs", 3));
      }
    }
    publish(
        "refused",
        "cloud",
        new JsonObject()
            .put("from", "street-9")
            .put("task", "cnn")
            .put("round", 2)
            .put("reason", "run id run-0 is not run-1"));
    publish(
        "error", "street-2", new JsonObject().put("message", "cam-4 frame 812 skipped: no EOI"));
  }

  /** The text of column {@code column} in the topology row of {@code unit} (read in one go). */
  private static String cell(Chromium b, String unit, int column) {
    return String.valueOf(
        b.js(
            "const c = document.querySelector(`#topology tr[data-node='${arguments[0]}'] td:nth-child(${arguments[1]})`);"
                + " return c ? c.textContent.trim() : null;",
            unit,
            column));
  }

  private long seriesLength(Chromium b, String chart, int series) {
    return (Long)
        b.js(
            "const el = document.getElementById(arguments[0]);"
                + "const c = el && window.echarts ? echarts.getInstanceByDom(el) : null;"
                + "const s = c ? c.getOption().series[arguments[1]] : null;"
                + "return s ? s.data.length : -1;",
            chart,
            series);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  @DisplayName("draws every panel from its events, filters the log and sends control calls")
  void everyPanel(@TempDir Path profile) throws Exception {
    Chromium.assumeAvailable();
    vertx = Vertx.vertx();
    Codecs.register(vertx);
    List<Control> cloudGot = new CopyOnWriteArrayList<>();
    try {
      await(
          vertx
              .eventBus()
              .<Control>consumer(
                  Addresses.CLOUD_CONTROL,
                  m -> {
                    cloudGot.add(m.body());
                    m.reply(m.body());
                  })
              .completion());
      ConsoleVerticle console = new ConsoleVerticle(name -> null);
      JsonObject config =
          new JsonObject().put("port", 0).put("token", TOKEN).put("topology", new JsonObject(CITY));
      await(vertx.deployVerticle(console, new DeploymentOptions().setConfig(config)));
      clock = System.currentTimeMillis() - 10 * 60_000;
      int rounds = 8;
      feedCity(rounds);
      try (Chromium b = Chromium.start(profile, 1600, 1000)) {
        b.driver().get("http://127.0.0.1:" + console.port() + "/");
        WebDriverWait wait = new WebDriverWait(b.driver(), Duration.ofSeconds(20));
        wait.until(d -> seriesLength(b, "chart-task-cnn", 0) == rounds + 1);
        for (String u : UNITS) {
          assertThat(b.driver().findElements(By.cssSelector("#topology tr[data-node='" + u + "']")))
              .as("topology row of " + u)
              .hasSize(1);
        }
        assertThat(
                b.driver()
                    .findElement(By.cssSelector("#topology tr[data-node='street-2'] .state"))
                    .getText())
            .isEqualTo("up");
        assertThat(
                b.driver()
                    .findElement(By.cssSelector("#topology tr[data-node='street-2']"))
                    .getText())
            .contains("cnn 3180")
            .contains("0.50");
        assertThat(seriesLength(b, "chart-task-flow", 0)).as("MAE points").isEqualTo(rounds + 1);
        assertThat(seriesLength(b, "chart-task-flow", 3))
            .as("last value MAE points")
            .isEqualTo(rounds + 1);
        assertThat(seriesLength(b, "chart-participation", 0)).isEqualTo(2L * rounds);
        assertThat(seriesLength(b, "chart-tj", 0)).isEqualTo(rounds + 1);
        assertThat(seriesLength(b, "chart-nj", 0)).isEqualTo(2);
        assertThat(seriesLength(b, "chart-balance", 0)).isEqualTo(rounds + 1);
        assertThat(seriesLength(b, "chart-balance", 1)).as("planned B").isEqualTo(1);
        assertThat(seriesLength(b, "chart-bytes", 0)).isEqualTo(2L * rounds);
        assertThat(seriesLength(b, "chart-classes", 0)).as("terminals with counts").isEqualTo(4);
        assertThat(seriesLength(b, "chart-forecast", 0)).isEqualTo(rounds + 1);

        // live: one more round appears without a reload
        publish(
            "round",
            "cloud",
            new JsonObject().put("task", "cnn").put("round", rounds + 1).put("accuracy", 0.96));
        wait.until(d -> seriesLength(b, "chart-task-cnn", 0) == rounds + 2);

        // a cluster node leaves: its units show left, its name in the node column too
        publish(
            "node",
            "cloud",
            new JsonObject()
                .put("id", "edge-b")
                .put("kind", "node")
                .put("state", "left")
                .put("member", "member-2")
                .put("units", names("street-2", "cam-3", "cam-4")));
        wait.until(d -> "left".equals(cell(b, "street-2", 3)));
        assertThat(cell(b, "street-2", 2)).isEqualTo("edge-b left");
        assertThat(cell(b, "street-1", 3)).isEqualTo("up");
        assertThat(b.driver().findElement(By.id("log")).getText())
            .contains("node edge-b left the cluster (street-2, cam-3, cam-4)");

        // the log filters by kind
        b.driver().findElement(By.cssSelector("#log-filters input[data-kind='round']")).click();
        assertThat(b.driver().findElements(By.cssSelector("#log li[data-kind='round']"))).isEmpty();
        assertThat(b.driver().findElements(By.cssSelector("#log li[data-kind='migration']")))
            .hasSize(2);
        b.driver().findElement(By.cssSelector("#log-filters input[data-kind='round']")).click();
        assertThat(b.driver().findElements(By.cssSelector("#log li[data-kind='round']")))
            .isNotEmpty();

        // control through the page: the token, then the Stop button of task cnn
        b.driver().findElement(By.id("token")).sendKeys(TOKEN);
        b.driver().findElement(By.cssSelector("#token-form button")).click();
        var stop =
            b.driver().findElement(By.cssSelector("button[data-task='cnn'][data-action='stop']"));
        b.js("arguments[0].scrollIntoView({block: 'center'});", stop);
        stop.click();
        wait.until(d -> !cloudGot.isEmpty());
        assertThat(cloudGot).containsExactly(new Control(Control.STOP, "cnn"));
        wait.until(d -> b.driver().findElement(By.id("toast")).getText().contains("accepted"));

        assertThat(b.driver().findElement(By.id("conn")).getText())
            .as("the SSE stream stayed connected")
            .isEqualTo("live");
        b.screenshot(Path.of("target", "console-panels.png"));
        assertThat(b.errors()).as("browser console errors").isEmpty();
      }
    } finally {
      await(vertx.close());
    }
  }
}
