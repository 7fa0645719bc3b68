package org.divs.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.divs.bus.Ack;
import org.divs.bus.Addresses;
import org.divs.bus.Codecs;
import org.divs.bus.EncodedFrame;
import org.divs.bus.FrameBatch;
import org.divs.bus.FrameId;
import org.divs.config.Topology;
import org.divs.deploy.Deployer;
import org.divs.source.Jpeg;
import org.divs.store.FrameStore;
import org.divs.store.Ledger;
import org.divs.store.SegmentFrameStore;
import org.divs.testing.ClusterFixture;
import org.divs.testing.SharedData;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Terminals streaming to their edge")
@ExtendWith(VertxExtension.class)
class IngestTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  private static JsonObject terminal(String id, JsonObject source, int w, int h, long strideMs) {
    return new JsonObject()
        .put("id", id)
        .put("edge", "street-1")
        .put("source", source.put("pace", "max"))
        .put("frame", new JsonObject().put("width", w).put("height", h))
        .put("window", new JsonObject().put("strideMs", strideMs).put("lengthMs", strideMs * 2));
  }

  private static Map<String, Set<Long>> seqsByTerminal(List<FrameId> ids) {
    return ids.stream()
        .collect(
            Collectors.groupingBy(
                FrameId::terminal, Collectors.mapping(FrameId::seq, Collectors.toSet())));
  }

  private static Set<Long> range(long from, long to) {
    Set<Long> s = new TreeSet<>();
    for (long i = from; i < to; i++) {
      s.add(i);
    }
    return s;
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  @DisplayName(
      "both real videos, the labelled vehicles and the PeMS counts reach the durable store once")
  void realData(Vertx vertx) throws Exception {
    Codecs.register(vertx);
    Path data = SharedData.dir();
    JsonObject intel =
        terminal(
            "intel",
            new JsonObject()
                .put("type", "video")
                .put("path", data.resolve("video/intel_car-detection.mp4").toString())
                .put("limit", 60)
                .put("line", new JsonObject().put("at", 216)),
            768,
            432,
            1000);
    JsonObject ozlu =
        terminal(
            "ozlu",
            new JsonObject()
                .put("type", "video")
                .put("path", data.resolve("video/ozlu_input_video.mp4").toString())
                .put("limit", 60)
                .put("line", new JsonObject().put("at", 211)),
            640,
            352,
            1000);
    JsonObject images =
        terminal(
            "vehicles",
            new JsonObject()
                .put("type", "images")
                .put("path", data.resolve("vehicles").toString())
                .put("subset", 120)
                .put("fps", 20),
            100,
            100,
            1000);
    JsonObject flow =
        terminal(
            "pems",
            new JsonObject()
                .put("type", "flow")
                .put("path", data.resolve("flow/pems04-sensor0-5min.csv").toString())
                .put("limit", 600),
            320,
            180,
            300_000);
    flow.getJsonObject("window").put("lengthMs", 3_600_000);
    Path store = dir.resolve("street-1");
    Topology t = IngestCities.city(store, 100_000, true, intel, ozlu, images, flow);
    EventTap tap = EventTap.on(vertx);
    List<String> ids = ClusterFixture.await(IngestCities.deploy(vertx, t));
    List<String> terminals = List.of("intel", "ozlu", "vehicles", "pems");
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(terminals)
                    .allSatisfy(id -> assertThat(tap.state(id)).isEqualTo("ended")));
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              JsonObject s = tap.latest("stats", "street-1").orElseThrow();
              assertThat(s.getJsonObject("ledger").getLong("acked")).isEqualTo(840);
              assertThat(s.getJsonObject("crops").getInteger("cnn")).isEqualTo(120);
              assertThat(s.getJsonObject("ingest").getLong("liveCrops")).isPositive();
              assertThat(s.getJsonObject("series").getInteger("pems")).isGreaterThan(580);
              assertThat(s.getJsonObject("series").getInteger("intel")).isGreaterThanOrEqualTo(3);
              assertThat(s.getJsonObject("series").getInteger("ozlu")).isGreaterThanOrEqualTo(2);
            });
    assertThat(tap.latest("terminal", "pems").orElseThrow().getLong("acked")).isEqualTo(600);
    assertThat(tap.errors()).isEmpty();
    ClusterFixture.await(Deployer.undeploy(vertx, ids));
    try (SegmentFrameStore s = SegmentFrameStore.open(store, 100_000, false)) {
      Ledger l = s.ledger();
      assertThat(l).isEqualTo(new Ledger(840, 840, 0, 0, 0));
      List<FrameId> held = s.ids();
      assertThat(held).hasSize(840).doesNotHaveDuplicates();
      Map<String, Set<Long>> seqs = seqsByTerminal(held);
      assertThat(seqs.get("intel")).isEqualTo(range(0, 60));
      assertThat(seqs.get("ozlu")).isEqualTo(range(0, 60));
      assertThat(seqs.get("vehicles")).isEqualTo(range(0, 120));
      assertThat(seqs.get("pems")).isEqualTo(range(0, 600));
      FrameId firstRow = held.stream().filter(i -> i.terminal().equals("pems")).findFirst().get();
      EncodedFrame row = s.get(firstRow).orElseThrow();
      assertThat(row.count()).isEqualTo(62.0);
      assertThat(row.calendar().holiday()).isTrue();
      assertThat(row.jpegSize()).isZero();
    }
  }

  private static byte[] jpeg(int w, int h) {
    return Jpeg.encode(new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR), 0.8f);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  @DisplayName(
      "a corrupt JPEG or a frame of the wrong size is refused by name; the rest of its batch is"
          + " stored, a resend is a duplicate, an unknown terminal is refused")
  void badFramesRefused(Vertx vertx) throws Exception {
    Codecs.register(vertx);
    Topology t = IngestCities.city(null, 1000, false, IngestCities.synthetic("cam-x", 10, 2, 5000));
    EventTap tap = EventTap.on(vertx);
    ClusterFixture.await(
        Deployer.deploy(
            vertx,
            t,
            "run-bad",
            u -> u.kind() == org.divs.deploy.Unit.Kind.EDGE,
            new DivsUnits(new JsonObject())));
    byte[] good = jpeg(320, 180);
    byte[] truncated = Arrays.copyOf(good, good.length - 40);
    FrameBatch batch =
        new FrameBatch(
            "cam-x",
            7,
            0,
            1000,
            320,
            180,
            List.of(
                new EncodedFrame(0, 0, good, List.of()),
                new EncodedFrame(1, 100, truncated, List.of()),
                new EncodedFrame(2, 200, jpeg(160, 90), List.of())));
    String address = Addresses.edgeFrames("street-1");
    Ack first = ClusterFixture.await(vertx.eventBus().<Ack>request(address, batch)).body();
    assertThat(first).isEqualTo(new Ack(1, 0));
    Ack again = ClusterFixture.await(vertx.eventBus().<Ack>request(address, batch)).body();
    assertThat(again).isEqualTo(new Ack(0, 1));
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(tap.errors())
                    .hasSize(4)
                    .anySatisfy(e -> assertThat(e).contains("cam-x/7/1", "end-of-image", "refused"))
                    .anySatisfy(e -> assertThat(e).contains("cam-x/7/2", "160x90", "320x180")));
    FrameBatch stranger = new FrameBatch("cam-y", 1, 0, 1000, 320, 180, List.of());
    Throwable refused =
        vertx
            .eventBus()
            .request(address, stranger)
            .toCompletionStage()
            .handle((m, e) -> e)
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    assertThat(refused).isInstanceOf(ReplyException.class).hasMessageContaining("cam-y");
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              JsonObject s = tap.latest("stats", "street-1").orElseThrow();
              assertThat(s.getJsonObject("ingest").getLong("refused")).isEqualTo(4);
              assertThat(s.getJsonObject("ingest").getLong("duplicates")).isEqualTo(1);
              assertThat(s.getJsonObject("ledger").getLong("acked")).isEqualTo(1);
            });
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  @DisplayName("a missing video is an error naming the terminal and the file; the others stream on")
  void missingVideo(Vertx vertx) throws Exception {
    Codecs.register(vertx);
    JsonObject missing =
        terminal(
            "cam-gone",
            new JsonObject().put("type", "video").put("path", dir.resolve("nope.mp4").toString()),
            640,
            352,
            1000);
    Topology t =
        IngestCities.city(
            null, 1000, false, missing, IngestCities.synthetic("cam-ok", 40, 10, 1000));
    EventTap tap = EventTap.on(vertx);
    ClusterFixture.await(IngestCities.deploy(vertx, t));
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              assertThat(tap.state("cam-gone")).isEqualTo("failed");
              assertThat(tap.state("cam-ok")).isEqualTo("ended");
            });
    assertThat(tap.errors())
        .singleElement()
        .satisfies(e -> assertThat(e).contains("cam-gone", "nope.mp4", "no such file"));
    assertThat(tap.latest("terminal", "cam-ok").orElseThrow().getLong("acked")).isEqualTo(40);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  @DisplayName(
      "a full store evicts its oldest frames first, the ledger balances, and a resent evicted frame"
          + " is still a duplicate")
  void eviction(Vertx vertx) throws Exception {
    Codecs.register(vertx);
    Path store = dir.resolve("small");
    Topology t =
        IngestCities.city(store, 30, false, IngestCities.synthetic("cam-e", 100, 10, 1000));
    EventTap tap = EventTap.on(vertx);
    List<String> ids = ClusterFixture.await(IngestCities.deploy(vertx, t));
    await().atMost(WAIT).until(() -> tap.state("cam-e").equals("ended"));
    long incarnation = tap.of("terminal", "cam-e").get(0).getLong("incarnation");
    FrameBatch old =
        new FrameBatch(
            "cam-e",
            incarnation,
            0,
            1000,
            320,
            180,
            List.of(new EncodedFrame(0, 0, jpeg(320, 180), List.of())));
    Ack ack =
        ClusterFixture.await(vertx.eventBus().<Ack>request(Addresses.edgeFrames("street-1"), old))
            .body();
    assertThat(ack).isEqualTo(new Ack(0, 1));
    ClusterFixture.await(Deployer.undeploy(vertx, ids));
    try (SegmentFrameStore s = SegmentFrameStore.open(store, 30, false)) {
      assertThat(s.ledger()).isEqualTo(new Ledger(100, 30, 70, 0, 0));
      assertThat(s.ledger().balanced()).isTrue();
      assertThat(s.ids()).extracting(FrameId::seq).containsExactlyElementsOf(range(70, 100));
      assertThat(s.put(new FrameId("cam-e", incarnation, 5), s.get(s.ids().get(0)).get(), false))
          .isEqualTo(FrameStore.Put.DUPLICATE);
    }
  }
}
