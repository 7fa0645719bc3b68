package org.divs.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.divs.bus.Addresses;
import org.divs.bus.Codecs;
import org.divs.bus.ConsoleEvent;
import org.divs.config.Topology;
import org.divs.config.TopologyLoader;
import org.divs.deploy.Deployer;
import org.divs.flow.FlowSeries;
import org.divs.source.ImagesSource;
import org.divs.testing.SharedData;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@DisplayName("A city whose training data is streamed in before round 1")
@ExtendWith(VertxExtension.class)
class StreamedCityTest {
  private static final Logger LOG = LoggerFactory.getLogger(StreamedCityTest.class);
  private static final int ROUNDS = 5;
  private static final List<String> CLASSES = List.of("bike", "juggernaut");
  private static final int TRAIN_PER_CLASS = 60;
  private static final int HELD_PER_CLASS = 20;
  private static final int WEEK = 2016;
  private static final int L = 6;
  private static final int H = 6;

  @TempDir Path tmp;

  /** One event of the city, in arrival order. */
  private record Seen(String type, JsonObject payload) {}

  private static Path writeList(Path file, List<ImagesSource.Item> items) throws IOException {
    StringBuilder b = new StringBuilder("path,label\n");
    items.forEach(
        it -> b.append(it.path().toAbsolutePath()).append(',').append(it.label()).append('\n'));
    return Files.writeString(file, b.toString());
  }

  /**
   * Two street edges, each with an images terminal (60 crops of bike and juggernaut, not streamed
   * to the other) and a flow terminal (one week of detector 0 or its neighbour); the cloud holds
   * out 40 other crops and later rows of detector 0, and waits for the streams.
   */
  private Topology city(List<ImagesSource.Item> heldOut) throws IOException {
    List<ImagesSource.Item> all = new ArrayList<>();
    for (ImagesSource.Item it : ImagesSource.list(SharedData.file("vehicles"))) {
      if (CLASSES.contains(it.label())) {
        all.add(it);
      }
    }
    Collections.shuffle(all, new Random(3));
    List<ImagesSource.Item> train = new ArrayList<>();
    for (String c : CLASSES) {
      List<ImagesSource.Item> mine = all.stream().filter(it -> it.label().equals(c)).toList();
      train.addAll(mine.subList(0, TRAIN_PER_CLASS));
      heldOut.addAll(mine.subList(TRAIN_PER_CLASS, TRAIN_PER_CLASS + HELD_PER_CLASS));
    }
    Collections.shuffle(train, new Random(4));
    String csv = SharedData.file("flow/pems04-sensor0-5min.csv").toAbsolutePath().toString();
    JsonArray terminals = new JsonArray();
    JsonArray edges = new JsonArray();
    for (int e = 0; e < 2; e++) {
      String edge = "street-" + (e + 1);
      edges.add(new JsonObject().put("id", edge).put("parent", "cloud"));
      Path list = writeList(tmp.resolve(edge + ".csv"), train.subList(e * 60, (e + 1) * 60));
      terminals.add(
          new JsonObject()
              .put("id", "crops-" + (e + 1))
              .put("edge", edge)
              .put(
                  "source",
                  new JsonObject()
                      .put("type", "images")
                      .put("path", list.toString())
                      .put("pace", "max"))
              .put("frame", new JsonObject().put("width", 100).put("height", 100)));
      terminals.add(
          new JsonObject()
              .put("id", "rows-" + (e + 1))
              .put("edge", edge)
              .put(
                  "source",
                  new JsonObject()
                      .put("type", "flow")
                      .put("path", csv)
                      .put("column", e == 0 ? "flow" : "neighbor_flow")
                      .put("toRow", WEEK)
                      .put("pace", "max"))
              .put("window", new JsonObject().put("strideMs", 300_000).put("lengthMs", 300_000))
              .put("delivery", new JsonObject().put("inFlight", 16).put("queue", 16)));
    }
    // a camera whose file is not a video: its source fails, and its end still reaches the gate
    Path broken = Files.write(tmp.resolve("broken.mp4"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    terminals.add(
        new JsonObject()
            .put("id", BROKEN)
            .put("edge", "street-1")
            .put(
                "source",
                new JsonObject()
                    .put("type", "video")
                    .put("path", broken.toString())
                    .put("pace", "max")));
    Path heldList = writeList(tmp.resolve("held-out.csv"), heldOut);
    JsonArray tasks =
        new JsonArray()
            .add(
                new JsonObject()
                    .put("id", "cnn")
                    .put("model", "cnn")
                    .put("learningRate", 0.002)
                    .put("classes", new JsonArray(CLASSES))
                    .put("heldOut", new JsonObject().put("path", heldList.toString())))
            .add(
                new JsonObject()
                    .put("id", "flow")
                    .put("model", "lstm")
                    .put("learningRate", 0.006)
                    .put("lookback", L)
                    .put("horizon", H)
                    .put("countScale", 500)
                    .put(
                        "heldOut",
                        new JsonObject()
                            .put("path", csv)
                            .put("fromRow", 2 * WEEK)
                            .put("toRow", 3 * WEEK)
                            .put(
                                "validation",
                                new JsonObject().put("fromRow", WEEK).put("toRow", 2 * WEEK))));
    JsonObject json =
        new JsonObject()
            .put("name", "streamed")
            .put("seed", 5)
            .put(
                "cloud",
                new JsonObject()
                    .put("id", "cloud")
                    .put("checkpoints", tmp.resolve("checkpoints").toString()))
            .put("edges", edges)
            .put("terminals", terminals)
            .put("tasks", tasks)
            .put(
                "sync",
                new JsonObject()
                    .put("batchesPerEpoch", 1)
                    .put("minibatch", 16)
                    .put("quorum", 1.0)
                    .put("deadlineMs", 600_000)
                    .put("startAfterStreams", true))
            .put("migration", new JsonObject().put("enabled", false));
    return TopologyLoader.parse(json.encode());
  }

  private static final String BROKEN = "broken-cam";

  @Test
  @Timeout(value = 2, timeUnit = TimeUnit.MINUTES)
  @DisplayName(
      "holds round 1 until every stream is stored and cut (a camera whose source fails counts as"
          + " ended), trains on all of it, scores on held-out files no terminal streamed, and both"
          + " models learn")
  void streamsThenTrains(Vertx vertx, VertxTestContext ctx) throws Exception {
    Codecs.register(vertx);
    List<ImagesSource.Item> heldOut = new ArrayList<>();
    Topology city = city(heldOut);
    List<Seen> seen = new ArrayList<>();
    vertx
        .eventBus()
        .<ConsoleEvent>localConsumer(
            Addresses.CONSOLE_EVENTS,
            m -> {
              seen.add(new Seen(m.body().type(), new JsonObject(m.body().json())));
              if (m.body().type().equals("done")) {
                ctx.verify(() -> check(seen, heldOut));
                ctx.completeNow();
              }
            })
        .completion()
        .compose(
            v ->
                Deployer.deploy(
                    vertx,
                    city,
                    "run-streamed",
                    u -> true,
                    new DivsUnits(new JsonObject().put("rounds", ROUNDS).put("console", false))))
        .onFailure(ctx::failNow);
  }

  private void check(List<Seen> seen, List<ImagesSource.Item> heldOut) throws IOException {
    // the gate: four stream reports, the last with nothing left, and no merge before it
    List<Integer> streams = new ArrayList<>();
    int firstMerge = -1;
    for (int i = 0; i < seen.size(); i++) {
      if (seen.get(i).type().equals("stream")) {
        streams.add(i);
      } else if (seen.get(i).type().equals("merged") && firstMerge < 0) {
        firstMerge = i;
      }
    }
    assertThat(streams).as("stream reports, the failed camera's too").hasSize(5);
    assertThat(seen)
        .as("the failed camera's error event")
        .anyMatch(
            e ->
                e.type().equals("error")
                    && e.payload().encode().contains(BROKEN)
                    && e.payload().encode().contains("source failed"));
    int opened = streams.get(4);
    assertThat(seen.get(opened).payload().getJsonArray("waiting")).isEmpty();
    assertThat(firstMerge).as("first merge after the last stream was stored").isGreaterThan(opened);
    assertThat(
            seen.subList(0, opened).stream()
                .filter(s -> s.type().equals("task"))
                .map(s -> s.payload().getString("state")))
        .containsExactlyInAnyOrder("waiting", "waiting");

    // round 1 (b = 1: every sample held) trained on every crop and every window streamed
    Map<String, Map<Long, JsonObject>> merged = new TreeMap<>();
    Map<String, Map<Long, JsonObject>> rounds = new TreeMap<>();
    for (Seen s : seen) {
      if (s.type().equals("merged") || s.type().equals("round")) {
        (s.type().equals("merged") ? merged : rounds)
            .computeIfAbsent(s.payload().getString("task"), k -> new TreeMap<>())
            .put(s.payload().getLong("round"), s.payload());
      }
    }
    assertThat(merged.get("cnn").get(1L).getLong("samples")).isEqualTo(2L * TRAIN_PER_CLASS);
    Path csv = SharedData.file("flow/pems04-sensor0-5min.csv");
    long windows = 0;
    for (String column : List.of("flow", "neighbor_flow")) {
      windows += FlowSeries.read(csv, column, 0, WEEK).origins(L, H).length;
    }
    assertThat(merged.get("flow").get(1L).getLong("samples")).isEqualTo(windows);

    // the held-out crops: scored (all 40), never streamed (round 1 above drew all S_j: the edges
    // hold the 120 training crops, no more)
    Set<Path> streamed = new HashSet<>();
    for (int e = 1; e <= 2; e++) {
      ImagesSource.list(tmp.resolve("street-" + e + ".csv")).forEach(it -> streamed.add(it.path()));
    }
    assertThat(heldOut).noneMatch(it -> streamed.contains(it.path()));
    JsonObject cnn0 = rounds.get("cnn").get(0L);
    int scored = 0;
    for (Object row : cnn0.getJsonArray("confusion")) {
      for (Object v : (JsonArray) row) {
        scored += ((Number) v).intValue();
      }
    }
    assertThat(scored).isEqualTo(heldOut.size());
    LOG.info(
        "cnn W(0) {} -> {}; flow W(0) mae {} -> {} (last value {}), best round {}",
        cnn0.getDouble("accuracy"),
        rounds.get("cnn").get((long) ROUNDS).getDouble("accuracy"),
        rounds.get("flow").get(0L).getDouble("mae"),
        rounds.get("flow").get((long) ROUNDS).getDouble("mae"),
        rounds.get("flow").get((long) ROUNDS).getJsonObject("lastValue").getDouble("mae"),
        rounds.get("flow").get((long) ROUNDS).getValue("bestRound"));
    // learning: chance + 30 points; MAE under 0.9 x last value's and W(0)'s
    JsonObject cnnLast = rounds.get("cnn").get((long) ROUNDS);
    assertThat(cnnLast.getDouble("accuracy"))
        .as("held-out top-1 after %d rounds (W(0): %.3f)", ROUNDS, cnn0.getDouble("accuracy"))
        .isGreaterThanOrEqualTo(0.8);
    JsonObject flowLast = rounds.get("flow").get((long) ROUNDS);
    double lastValue = flowLast.getJsonObject("lastValue").getDouble("mae");
    assertThat(flowLast.getDouble("mae")).isLessThan(0.9 * lastValue);
    assertThat(flowLast.getDouble("mae"))
        .isLessThan(0.9 * rounds.get("flow").get(0L).getDouble("mae"));
    // the validation part is scored beside, and the best global by it kept
    assertThat(flowLast.getJsonObject("validation").getDouble("mae")).isPositive();
    long best = flowLast.getLong("bestRound");
    assertThat(best).isBetween(1L, (long) ROUNDS);
    assertThat(tmp.resolve("checkpoints").resolve("flow.best.weights")).exists();
  }
}
