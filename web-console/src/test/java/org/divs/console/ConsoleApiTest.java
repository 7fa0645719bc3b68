package org.divs.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.divs.testing.ClusterFixture.await;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.divs.bus.Addresses;
import org.divs.bus.Codecs;
import org.divs.bus.ConsoleEvent;
import org.divs.bus.Control;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@DisplayName("The console's API")
@ExtendWith(VertxExtension.class)
class ConsoleApiTest {
  static final String TOKEN = "token-for-tests";

  /** cloud - district-1 - {street-1 (cam-1), street-2 (cam-2)}, one cnn task. */
  static final String CITY =
      """
      {
        "name": "test-city",
        "cloud": {"id": "cloud"},
        "edges": [
          {"id": "district-1", "parent": "cloud"},
          {"id": "street-1", "parent": "district-1", "speed": 0.5},
          {"id": "street-2", "parent": "district-1"}
        ],
        "terminals": [
          {"id": "cam-1", "edge": "street-1", "source": {"type": "synthetic"}},
          {"id": "cam-2", "edge": "street-2", "source": {"type": "synthetic"}}
        ],
        "tasks": [{"id": "cnn", "model": "cnn", "classes": ["car", "truck"]}]
      }
      """;

  private Vertx vertx;
  private WebClient web;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    Codecs.register(vertx);
    web = WebClient.create(vertx);
  }

  private static JsonObject config() {
    return new JsonObject()
        .put("host", "127.0.0.1")
        .put("port", 0)
        .put("token", TOKEN)
        .put("topology", new JsonObject(CITY));
  }

  /** Deploys a console with {@code config} and no environment; returns its port. */
  private int start(JsonObject config) throws Exception {
    ConsoleVerticle console = new ConsoleVerticle(name -> null);
    await(vertx.deployVerticle(console, new DeploymentOptions().setConfig(config)));
    return console.port();
  }

  private void publish(String type, String source, JsonObject payload) {
    vertx
        .eventBus()
        .publish(Addresses.CONSOLE_EVENTS, ConsoleEvent.of(type, source, payload.encode()));
  }

  private static JsonObject round(String task, long round) {
    return new JsonObject()
        .put("task", task)
        .put("round", round)
        .put("participants", new JsonArray().add("street-1").add("street-2"))
        .put("missing", new JsonArray())
        .put("loss", 0.5)
        .put("accuracy", 0.6)
        .put("bytesUp", 300)
        .put("bytesDown", 200)
        .put("ms", 12);
  }

  private HttpResponse<Buffer> get(int port, String path) throws Exception {
    return await(web.get(port, "127.0.0.1", path).send());
  }

  private HttpResponse<Buffer> post(int port, String path, String token) throws Exception {
    var req = web.post(port, "127.0.0.1", path);
    if (token != null) {
      req.putHeader("Authorization", "Bearer " + token);
    }
    return await(req.send());
  }

  private JsonObject status(int port) throws Exception {
    return get(port, "/api/status").bodyAsJsonObject();
  }

  private void awaitEventId(int port, long id) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> status(port).getLong("lastEventId"), last -> last >= id);
  }

  @Test
  @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
  @DisplayName("A client that reconnects with Last-Event-ID gets exactly the events it missed")
  void replaysMissedEvents(VertxTestContext ctx) throws Exception {
    int port = start(config());
    for (int i = 1; i <= 5; i++) {
      publish("node", "street-1", new JsonObject().put("id", "street-1").put("state", "up"));
    }
    awaitEventId(port, 5);
    SseClient first = await(SseClient.open(vertx, port, "0"));
    await().atMost(Duration.ofSeconds(5)).until(() -> first.ids().size() == 5);
    long seen = first.ids().get(first.ids().size() - 1);
    await(first.close());

    for (int i = 1; i <= 3; i++) {
      publish("round", "cloud", round("cnn", i));
    }
    awaitEventId(port, 8);
    SseClient second = await(SseClient.open(vertx, port, String.valueOf(seen)));
    publish("error", "street-2", new JsonObject().put("message", "after the reconnect"));
    await().atMost(Duration.ofSeconds(5)).until(() -> second.ids().contains(9L));

    assertThat(first.ids()).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(second.ids()).containsExactly(6L, 7L, 8L, 9L);
    assertThat(second.events().subList(0, 3))
        .allSatisfy(
            e -> {
              assertThat(e.type()).isEqualTo("round");
              assertThat(e.payload().getString("task")).isEqualTo("cnn");
            });
    assertThat(second.events().get(3).payload().getString("message"))
        .isEqualTo("after the reconnect");
    await(second.close());
    ctx.completeNow();
  }

  @Test
  @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
  @DisplayName("An id older than the replay buffer gets a reset event, then the live stream")
  void resetWhenTooOld(VertxTestContext ctx) throws Exception {
    int port = start(config().put("buffer", 4));
    for (int i = 0; i < 10; i++) {
      publish("node", "cam-1", new JsonObject().put("id", "cam-1").put("state", "up"));
    }
    awaitEventId(port, 10);
    assertThat(status(port).getLong("oldestEventId")).isEqualTo(7);

    SseClient tooOld = await(SseClient.open(vertx, port, "2"));
    publish("node", "cam-2", new JsonObject().put("id", "cam-2").put("state", "up"));
    await().atMost(Duration.ofSeconds(5)).until(() -> tooOld.ids().contains(11L));
    assertThat(tooOld.events().get(0).type()).isEqualTo("reset");
    assertThat(new JsonObject(tooOld.events().get(0).data()).getLong("oldestId")).isEqualTo(7);
    assertThat(tooOld.ids()).containsExactly(11L);

    SseClient inBuffer = await(SseClient.open(vertx, port, "7"));
    await().atMost(Duration.ofSeconds(5)).until(() -> inBuffer.ids().size() == 4);
    assertThat(inBuffer.ids()).containsExactly(8L, 9L, 10L, 11L);
    await(tooOld.close());
    await(inBuffer.close());
    ctx.completeNow();
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  @DisplayName("A client too slow for the stream catches up from the buffer without gaps")
  void slowClientCatchesUp(VertxTestContext ctx) throws Exception {
    int events = 3_000;
    int port = start(config().put("buffer", events + 10));
    SseClient slow = await(SseClient.open(vertx, port, "0"));
    slow.pause();
    String filler = "x".repeat(2_000);
    for (int i = 0; i < events; i++) {
      publish("node", "cam-1", new JsonObject().put("id", "cam-1").put("pad", filler));
    }
    awaitEventId(port, events);
    slow.resume();
    await().atMost(Duration.ofSeconds(20)).until(() -> slow.ids().size() >= events);
    assertThat(slow.ids())
        .as("every event once, in order")
        .isEqualTo(LongStream.rangeClosed(1, events).boxed().toList());
    List<PrometheusText.Sample> metrics =
        PrometheusText.parse(get(port, "/metrics").bodyAsString());
    assertThat(PrometheusText.sum(metrics, "divs_console_sse_stalls_total"))
        .as("the stream waited for its queue to drain")
        .isPositive();
    await(slow.close());
    ctx.completeNow();
  }

  @Test
  @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
  @DisplayName("An id this console never gave (another run) gets a reset event")
  void resetForUnknownId(VertxTestContext ctx) throws Exception {
    int port = start(config());
    publish("node", "cam-1", new JsonObject().put("id", "cam-1").put("state", "up"));
    awaitEventId(port, 1);
    SseClient stale = await(SseClient.open(vertx, port, "500"));
    publish("node", "cam-2", new JsonObject().put("id", "cam-2").put("state", "up"));
    await().atMost(Duration.ofSeconds(5)).until(() -> stale.ids().contains(2L));
    assertThat(stale.events().get(0).type()).isEqualTo("reset");
    assertThat(stale.ids()).containsExactly(2L);
    await(stale.close());
    ctx.completeNow();
  }

  @Test
  @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
  @DisplayName("A control call without the token gets 401; with it, the cloud receives the request")
  void controlNeedsTheToken(VertxTestContext ctx) throws Exception {
    Checkpoint cloudSawStop = ctx.checkpoint();
    Checkpoint cloudSawCheck = ctx.checkpoint();
    await(
        vertx
            .eventBus()
            .<Control>consumer(
                Addresses.CLOUD_CONTROL,
                m -> {
                  if (m.body().equals(new Control(Control.STOP, "cnn"))) {
                    cloudSawStop.flag();
                  } else if (m.body().equals(Control.migrationCheck())) {
                    cloudSawCheck.flag();
                  } else {
                    ctx.failNow("unexpected control " + m.body());
                  }
                  m.reply(m.body());
                })
            .completion());
    int port = start(config());

    HttpResponse<Buffer> anonymous = post(port, "/api/tasks/cnn/stop", null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.getHeader("WWW-Authenticate")).startsWith("Bearer");
    assertThat(anonymous.bodyAsJsonObject().getString("error")).contains("Bearer");
    assertThat(post(port, "/api/tasks/cnn/stop", "wrong-token").statusCode()).isEqualTo(401);

    HttpResponse<Buffer> stop = post(port, "/api/tasks/cnn/stop", TOKEN);
    assertThat(stop.statusCode()).isEqualTo(200);
    assertThat(stop.bodyAsJsonObject().getBoolean("accepted")).isTrue();
    HttpResponse<Buffer> check = post(port, "/api/migration/check", TOKEN);
    assertThat(check.statusCode()).isEqualTo(200);
    assertThat(check.bodyAsJsonObject().getString("action")).isEqualTo("migration-check");
  }

  @Test
  @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
  @DisplayName("An unknown task is refused with 400 and a JSON reason, before reaching the cloud")
  void unknownTask(VertxTestContext ctx) throws Exception {
    await(
        vertx
            .eventBus()
            .<Control>consumer(
                Addresses.CLOUD_CONTROL, m -> ctx.failNow("the cloud got " + m.body()))
            .completion());
    int port = start(config());
    HttpResponse<Buffer> r = post(port, "/api/tasks/lstm-9/start", TOKEN);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.getHeader("Content-Type")).startsWith("application/json");
    assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("unknown task 'lstm-9'");
    assertThat(r.bodyAsJsonObject().getJsonArray("tasks")).containsExactly("cnn");
    ctx.completeNow();
  }

  @Test
  @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
  @DisplayName("Control answers 503 without a cloud and 403 when no token is configured")
  void controlWithoutCloudOrToken(VertxTestContext ctx) throws Exception {
    int port = start(config());
    HttpResponse<Buffer> noCloud = post(port, "/api/tasks/cnn/start", TOKEN);
    assertThat(noCloud.statusCode()).isEqualTo(503);
    assertThat(noCloud.bodyAsJsonObject().getString("error")).contains("start");
    int open = start(config().put("token", null));
    HttpResponse<Buffer> disabled = post(open, "/api/tasks/cnn/start", null);
    assertThat(disabled.statusCode()).isEqualTo(403);
    assertThat(disabled.bodyAsJsonObject().getString("error")).contains("DIVS_CONSOLE_TOKEN");
    ctx.completeNow();
  }

  @Test
  @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
  @DisplayName("Bound beyond loopback, the console refuses to start without a token")
  void refusesOpenBindWithoutToken(VertxTestContext ctx) throws Exception {
    JsonObject open = config().put("host", "0.0.0.0").put("token", null);
    Throwable refused =
        vertx
            .deployVerticle(
                new ConsoleVerticle(name -> null), new DeploymentOptions().setConfig(open))
            .toCompletionStage()
            .toCompletableFuture()
            .handle((id, err) -> err)
            .get(10, TimeUnit.SECONDS);
    assertThat(refused)
        .isNotNull()
        .hasMessageContaining("beyond loopback")
        .hasMessageContaining("DIVS_CONSOLE_TOKEN");
    ConsoleVerticle fromEnv =
        new ConsoleVerticle(name -> name.equals("DIVS_CONSOLE_TOKEN") ? "from-env" : null);
    await(vertx.deployVerticle(fromEnv, new DeploymentOptions().setConfig(open)));
    HttpResponse<Buffer> r = post(fromEnv.port(), "/api/tasks/nope/stop", "from-env");
    assertThat(r.statusCode()).as("the env token is accepted").isEqualTo(400);
    ctx.completeNow();
  }

  @Test
  @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
  @DisplayName("/metrics is Prometheus text whose round counter equals the length of /api/rounds")
  void metrics(VertxTestContext ctx) throws Exception {
    int port = start(config());
    publish("round", "cloud", round("cnn", 0));
    publish("round", "cloud", round("cnn", 1));
    publish("round", "cloud", round("lstm", 1).put("mae", 2.5));
    publish("terminal", "cam-1", new JsonObject().put("id", "cam-1").put("acked", 40));
    publish("terminal", "cam-1", new JsonObject().put("id", "cam-1").put("acked", 70));
    publish("terminal", "cam-2", new JsonObject().put("id", "cam-2").put("acked", 30));
    publish(
        "migration",
        "cloud",
        new JsonObject().put("phase", "done").put("from", "street-1").put("to", "street-2"));
    publish("refused", "cloud", new JsonObject().put("from", "street-9").put("reason", "run"));
    publish(
        "inference",
        "street-1",
        new JsonObject().put("terminal", "cam-1").put("task", "cnn").put("latencyMs", 40));
    awaitEventId(port, 9);

    HttpResponse<Buffer> scrape = get(port, "/metrics");
    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.getHeader("Content-Type")).startsWith("text/plain");
    List<PrometheusText.Sample> samples = PrometheusText.parse(scrape.bodyAsString());
    JsonArray rounds = get(port, "/api/rounds").bodyAsJsonArray();
    assertThat(rounds).hasSize(3);
    assertThat(PrometheusText.sum(samples, "divs_rounds_total")).isEqualTo(rounds.size());
    assertThat(samples)
        .filteredOn(s -> s.name().equals("divs_rounds_total"))
        .extracting(s -> s.labels().get("task"))
        .containsExactlyInAnyOrder("cnn", "lstm");
    assertThat(PrometheusText.sum(samples, "divs_frames_total")).isEqualTo(100);
    assertThat(PrometheusText.sum(samples, "divs_bytes_total")).isEqualTo(1500);
    assertThat(PrometheusText.sum(samples, "divs_migrations_total")).isEqualTo(1);
    assertThat(PrometheusText.sum(samples, "divs_refused_updates_total")).isEqualTo(1);
    assertThat(PrometheusText.sum(samples, "divs_inference_latency_seconds_count")).isEqualTo(1);
    assertThat(PrometheusText.sum(samples, "divs_inference_latency_seconds_sum"))
        .isCloseTo(0.040, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(PrometheusText.sum(samples, "divs_console_events_total")).isEqualTo(9);
    ctx.completeNow();
  }

  @Test
  @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
  @DisplayName("A closed SSE client is dropped from the client set; open ones get heartbeats")
  void closedClientIsFreed(VertxTestContext ctx) throws Exception {
    int port = start(config().put("heartbeatMs", 50));
    SseClient a = await(SseClient.open(vertx, port, null));
    SseClient b = await(SseClient.open(vertx, port, null));
    assertThat(status(port).getInteger("clients")).isEqualTo(2);
    await().atMost(Duration.ofSeconds(5)).until(() -> a.comments().contains("heartbeat"));
    await(a.close());
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> status(port).getInteger("clients"), n -> n == 1);
    await(b.close());
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> status(port).getInteger("clients"), n -> n == 0);
    ctx.completeNow();
  }

  @Test
  @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
  @DisplayName("The topology tree holds every unit of the city under its parent")
  void topologyTree(VertxTestContext ctx) throws Exception {
    int port = start(config());
    JsonObject t = get(port, "/api/topology").bodyAsJsonObject();
    assertThat(t.getString("name")).isEqualTo("test-city");
    assertThat(t.getJsonArray("tasks").getJsonObject(0).getString("model")).isEqualTo("cnn");
    JsonObject cloud = t.getJsonObject("tree");
    assertThat(cloud.getString("kind")).isEqualTo("cloud");
    JsonObject district = cloud.getJsonArray("children").getJsonObject(0);
    assertThat(district.getString("id")).isEqualTo("district-1");
    assertThat(district.getString("kind")).isEqualTo("aggregator");
    JsonArray streets = district.getJsonArray("children");
    assertThat(streets.stream().map(o -> ((JsonObject) o).getString("id")))
        .containsExactly("street-1", "street-2");
    JsonObject street1 = streets.getJsonObject(0);
    assertThat(street1.getInteger("level")).isEqualTo(2);
    assertThat(street1.getDouble("speed")).isEqualTo(0.5);
    assertThat(street1.getJsonArray("terminals").getJsonObject(0).getString("id"))
        .isEqualTo("cam-1");
    ctx.completeNow();
  }

  @Test
  @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
  @DisplayName("Status, merges, migrations, inference and stats fold the events they were sent")
  void restState(VertxTestContext ctx) throws Exception {
    int port = start(config());
    publish("node", "street-1", new JsonObject().put("id", "street-1").put("state", "up"));
    publish("node", "street-1", new JsonObject().put("id", "street-1").put("state", "down"));
    publish(
        "stats",
        "street-1",
        new JsonObject()
            .put("edge", "street-1")
            .put("frames", 480)
            .put("samples", new JsonObject().put("cnn", 1440))
            .put("TMs", new JsonObject().put("cnn", 620)));
    publish("balance", "cloud", new JsonObject().put("bNow", 210).put("theta", 150));
    publish(
        "migration",
        "cloud",
        new JsonObject().put("phase", "planned").put("from", "street-1").put("to", "street-2"));
    publish(
        "inference",
        "street-1",
        new JsonObject()
            .put("terminal", "cam-1")
            .put("task", "cnn")
            .put("round", 3)
            .put("counts", new JsonObject().put("car", 4)));
    publish(
        "inference-chunk",
        "street-1",
        new JsonObject().put("terminal", "cam-1").put("status", "served").put("p99Ms", 12.5));
    publish("round", "cloud", round("cnn", 1));
    publish(
        "merged",
        "cloud",
        new JsonObject()
            .put("task", "cnn")
            .put("round", 2)
            .put("participants", new JsonArray().add("street-1")));
    awaitEventId(port, 9);

    JsonObject s = status(port);
    assertThat(s.getJsonObject("nodes").getJsonObject("street-1").getString("state"))
        .isEqualTo("down");
    assertThat(s.getJsonObject("edges").getJsonObject("street-1").getInteger("frames"))
        .isEqualTo(480);
    assertThat(s.getJsonObject("tasks").getJsonObject("cnn").getLong("round")).isEqualTo(1);
    assertThat(s.getJsonObject("balance").getInteger("bNow")).isEqualTo(210);
    assertThat(s.getBoolean("control")).isTrue();
    JsonArray merges = get(port, "/api/merged").bodyAsJsonArray();
    assertThat(merges).hasSize(1);
    assertThat(merges.getJsonObject(0).getLong("round")).isEqualTo(2);
    assertThat(merges.getJsonObject(0).getLong("eventId")).isEqualTo(9);
    assertThat(s.getJsonObject("tasks").getJsonObject("cnn").getLong("round"))
        .as("a merge is not a round event: the task's round comes with its evaluation")
        .isEqualTo(1);
    JsonObject migration = get(port, "/api/migrations").bodyAsJsonArray().getJsonObject(0);
    assertThat(migration.getLong("eventId")).isEqualTo(5);
    assertThat(migration.getString("phase")).isEqualTo("planned");
    JsonObject inference = get(port, "/api/inference").bodyAsJsonObject();
    assertThat(
            inference
                .getJsonObject("latest")
                .getJsonObject("cam-1/cnn")
                .getJsonObject("counts")
                .getInteger("car"))
        .isEqualTo(4);
    assertThat(inference.getJsonObject("chunks").getJsonObject("cam-1").getDouble("p99Ms"))
        .isEqualTo(12.5);
    JsonObject stats = get(port, "/api/stats").bodyAsJsonObject();
    assertThat(stats.getJsonObject("edges").getJsonArray("street-1")).hasSize(1);
    assertThat(stats.getJsonArray("balance")).hasSize(1);
    ctx.completeNow();
  }

  @Test
  @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
  @DisplayName("Serves the page, ECharts from its WebJar, a favicon, and JSON for unknown APIs")
  void servesThePage(VertxTestContext ctx) throws Exception {
    int port = start(config());
    HttpResponse<Buffer> page = get(port, "/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.bodyAsString()).contains("DIVS console").contains("vendor/echarts/");
    HttpResponse<Buffer> echarts = get(port, "/vendor/echarts/echarts.min.js");
    assertThat(echarts.statusCode()).isEqualTo(200);
    assertThat(echarts.body().length()).isGreaterThan(500_000);
    assertThat(get(port, "/favicon.ico").statusCode()).isEqualTo(200);
    assertThat(get(port, "/app.js").statusCode()).isEqualTo(200);
    HttpResponse<Buffer> missing = get(port, "/api/nothing");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.bodyAsJsonObject().getString("error")).contains("/api/nothing");
    HttpResponse<Buffer> badId =
        await(web.get(port, "127.0.0.1", "/api/events").putHeader("Last-Event-ID", "abc").send());
    assertThat(badId.statusCode()).isEqualTo(400);
    assertThat(badId.bodyAsJsonObject().getString("error")).contains("Last-Event-ID");
    ctx.completeNow();
  }
}
