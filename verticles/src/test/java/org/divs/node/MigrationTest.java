package org.divs.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.divs.bus.Addresses;
import org.divs.bus.Codecs;
import org.divs.bus.FrameId;
import org.divs.bus.FrameTransfer;
import org.divs.bus.LoadReport;
import org.divs.bus.MigrationOrder;
import org.divs.config.Topology;
import org.divs.config.TopologyLoader;
import org.divs.deploy.Deployer;
import org.divs.deploy.Unit;
import org.divs.store.FrameStore;
import org.divs.store.FrameStores;
import org.divs.store.Ledger;
import org.divs.testing.ClusterFixture;
import org.divs.testing.TopologyJson;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Frames migrating between street edges")
@ExtendWith(VertxExtension.class)
class MigrationTest {
  private static final Duration WAIT = Duration.ofSeconds(40);

  /** Transfers that must move frames. */
  private static final int TRANSFERS = 3;

  /** Frames each terminal sends: 20 fps for 5 s of stream time, chunks of 20 frames. */
  private static final Map<String, Integer> SENT = Map.of("cam-1", 100, "cam-2", 100, "cam-3", 60);

  @TempDir Path dir;

  /** Window length per camera: cam-2's windows of 2 s overlap by a chunk. */
  private static final Map<String, Integer> WINDOW_MS =
      Map.of("cam-1", 1000, "cam-2", 2000, "cam-3", 1000);

  private static JsonObject camera(String id, String edge) {
    return new JsonObject()
        .put("id", id)
        .put("edge", edge)
        .put(
            "source",
            new JsonObject()
                .put("type", "synthetic")
                .put("fps", 20)
                .put("rate", 0.7)
                .put("pace", "real")
                .put("limit", SENT.get(id)))
        .put("frame", new JsonObject().put("width", 320).put("height", 180))
        .put("window", new JsonObject().put("strideMs", 1000).put("lengthMs", WINDOW_MS.get(id)));
  }

  private Topology city() {
    JsonArray edges = new JsonArray();
    for (String e : List.of("street-1", "street-2")) {
      edges.add(
          new JsonObject()
              .put("id", e)
              .put("parent", "cloud")
              .put(
                  "store",
                  new JsonObject().put("capacity", 10_000).put("dir", dir.resolve(e).toString())));
    }
    JsonObject city =
        new JsonObject()
            .put("name", "migration")
            .put("cloud", new JsonObject().put("id", "cloud"))
            .put("edges", edges)
            .put(
                "terminals",
                new JsonArray()
                    .add(camera("cam-1", "street-1"))
                    .add(camera("cam-2", "street-1"))
                    .add(camera("cam-3", "street-2")))
            .put(
                "tasks",
                new JsonArray()
                    .add(
                        TopologyJson.cnnTask(
                            List.of("bike", "car", "juggernaut", "minibus", "pickup", "truck"))))
            .put(
                "migration",
                new JsonObject()
                    .put("enabled", true)
                    .put("periodMs", 400)
                    .put("xi", 0)
                    .put("batchFrames", 30));
    return TopologyLoader.parse(city.encode());
  }

  private static List<JsonObject> done(EventTap tap) {
    return tap.of("migration", "street-1").stream()
        .filter(p -> p.getString("phase").equals("done"))
        .toList();
  }

  /**
   * Drops the receiver's first ack of a transfer batch: the batch is stored but the donor waits.
   */
  private static AtomicBoolean dropFirstTransferAck(Vertx vertx) {
    Set<String> replyAddresses = ConcurrentHashMap.newKeySet();
    AtomicBoolean dropped = new AtomicBoolean();
    Handler<DeliveryContext<Object>> interceptor =
        ctx -> {
          if (ctx.message().body() instanceof FrameTransfer
              && ctx.message().replyAddress() != null) {
            replyAddresses.add(ctx.message().replyAddress());
          } else if (replyAddresses.contains(ctx.message().address())
              && dropped.compareAndSet(false, true)) {
            return;
          }
          ctx.next();
        };
    vertx.eventBus().addOutboundInterceptor(interceptor);
    return dropped;
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  @DisplayName(
      "every frame id ends on exactly one edge through ingestion and migration at once, with an ack"
          + " lost once; both ledgers balance, and the donor's crops and count-series steps leave"
          + " with its frames")
  void noFrameLostOrDuplicated(Vertx vertx) throws Exception {
    Codecs.register(vertx);
    Topology t = city();
    EventTap tap = EventTap.on(vertx);
    AtomicBoolean dropped = dropFirstTransferAck(vertx);
    // The test stands in for the cloud: a load report of the donor brings an order once the last
    // one ended, while the terminals are still streaming.
    List<LoadReport> reports = new CopyOnWriteArrayList<>();
    AtomicInteger ordered = new AtomicInteger();
    ClusterFixture.await(
        vertx
            .eventBus()
            .<LoadReport>consumer(
                Addresses.CLOUD_STATS,
                m -> {
                  reports.add(m.body());
                  if (m.body().edge().equals("street-1")
                      && m.body().frames() >= 40
                      && done(tap).size() < TRANSFERS
                      && tap.of("migration", "street-1").size() == ordered.get()) {
                    int n = ordered.getAndIncrement();
                    vertx
                        .eventBus()
                        .request(
                            Addresses.edgeMigrate("street-1"),
                            new MigrationOrder("t" + n, n, "street-1", "street-2", 45));
                  }
                })
            .completion());
    List<String> ids =
        ClusterFixture.await(
            Deployer.deploy(
                vertx,
                t,
                "run-migration",
                u -> u.kind() == Unit.Kind.EDGE || u.kind() == Unit.Kind.TERMINAL,
                new DivsUnits(new JsonObject())));
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              assertThat(SENT.keySet())
                  .allSatisfy(c -> assertThat(tap.state(c)).isEqualTo("ended"));
              assertThat(done(tap)).hasSize(TRANSFERS);
              assertThat(tap.of("migration", "street-1")).hasSize(ordered.get());
              for (String edge : List.of("street-1", "street-2")) {
                JsonObject s = tap.latest("stats", edge).orElseThrow();
                assertThat(s.getJsonObject("ingest").getLong("cropQueue")).isZero();
                assertThat(s.getJsonObject("ledger").getBoolean("balanced")).isTrue();
                assertThat(s.getJsonObject("ledger").getLong("acked"))
                    .isEqualTo(edge.equals("street-1") ? 200 : 60);
              }
              long done =
                  tap.of("migration", "street-1").stream()
                      .mapToLong(p -> p.getLong("frames"))
                      .sum();
              assertThat(
                      tap.latest("stats", "street-1")
                          .orElseThrow()
                          .getJsonObject("migration")
                          .getLong("framesOut"))
                  .isEqualTo(done);
              assertThat(
                      tap.latest("stats", "street-2")
                          .orElseThrow()
                          .getJsonObject("migration")
                          .getLong("framesIn"))
                  .isEqualTo(done);
              // every window of chunks of 1 s is a count-series step on exactly one edge
              JsonObject donorSeries =
                  tap.latest("stats", "street-1").orElseThrow().getJsonObject("series");
              JsonObject receiverSteps =
                  tap.latest("stats", "street-2").orElseThrow().getJsonObject("series");
              for (String cam : List.of("cam-1", "cam-2")) {
                assertThat(donorSeries.getInteger(cam, 0) + receiverSteps.getInteger(cam, 0))
                    .as(cam + ": donor " + donorSeries + ", receiver " + receiverSteps)
                    .isEqualTo(SENT.get(cam) / 20 - WINDOW_MS.get(cam) / 1000 + 1);
              }
            });
    List<JsonObject> transfers = tap.of("migration", "street-1");
    long moved = transfers.stream().mapToLong(p -> p.getLong("frames")).sum();
    // An order may find every free frame still waiting for its crops: it then moves nothing.
    assertThat(transfers)
        .allSatisfy(
            p ->
                assertThat(
                        p.getString("phase").equals("done")
                            || p.getString("reason").startsWith("nothing to move"))
                    .as(p.encode())
                    .isTrue());
    assertThat(transfers.stream().mapToLong(p -> p.getLong("resends")).sum()).isPositive();
    assertThat(dropped).isTrue();
    assertThat(moved).isPositive();
    assertThat(reports.stream().map(LoadReport::edge).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("street-1", "street-2");
    // Crops per edge as reported before the stores close.
    Map<String, Integer> crops = new HashMap<>();
    for (String edge : List.of("street-1", "street-2")) {
      crops.put(
          edge, tap.latest("stats", edge).orElseThrow().getJsonObject("crops").getInteger("cnn"));
    }
    JsonObject receiverSeries =
        tap.latest("stats", "street-2").orElseThrow().getJsonObject("series");
    assertThat(tap.errors()).isEmpty();

    ClusterFixture.await(Deployer.undeploy(vertx, ids));
    List<FrameId> everywhere = new ArrayList<>();
    for (String edge : List.of("street-1", "street-2")) {
      try (FrameStore s = FrameStores.open(t.edge(edge).store())) {
        Ledger l = s.ledger();
        assertThat(l.balanced()).as(edge + " " + l).isTrue();
        List<FrameId> held = s.ids();
        everywhere.addAll(held);
        long annotations = 0;
        for (FrameId id : held) {
          annotations += s.get(id).orElseThrow().annotations().size();
        }
        assertThat(crops.get(edge))
            .as(edge + " crops = boxes of the frames held")
            .isEqualTo((int) annotations);
        if (edge.equals("street-1")) {
          assertThat(l.migratedOut()).isEqualTo(moved);
          assertThat(l.acked()).isEqualTo(200);
        } else {
          assertThat(l.migratedIn()).isEqualTo(moved);
          assertThat(l.acked()).isEqualTo(60);
          assertThat(held).anyMatch(id -> !id.terminal().equals("cam-3"));
        }
      }
    }
    assertThat(everywhere).doesNotHaveDuplicates();
    Map<String, Set<Long>> seqs =
        everywhere.stream()
            .collect(
                Collectors.groupingBy(
                    FrameId::terminal,
                    Collectors.mapping(FrameId::seq, Collectors.toCollection(TreeSet::new))));
    SENT.forEach(
        (cam, n) -> {
          Set<Long> all = new TreeSet<>();
          for (long i = 0; i < n; i++) {
            all.add(i);
          }
          assertThat(seqs.get(cam)).as(cam).isEqualTo(all);
        });
    assertThat(receiverSeries.fieldNames())
        .as(tap.latest("stats", "street-2").orElseThrow().encode() + " " + transfers)
        .anyMatch(cam -> !cam.equals("cam-3"));
  }
}
