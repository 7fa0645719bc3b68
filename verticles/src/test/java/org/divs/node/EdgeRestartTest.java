package org.divs.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.divs.bus.Codecs;
import org.divs.bus.FrameId;
import org.divs.config.Topology;
import org.divs.deploy.Deployer;
import org.divs.deploy.Unit;
import org.divs.store.Ledger;
import org.divs.store.SegmentFrameStore;
import org.divs.testing.ClusterFixture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("An edge restarted mid-stream")
@ExtendWith(VertxExtension.class)
class EdgeRestartTest {
  @TempDir Path dir;

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  @DisplayName(
      "its verticle undeployed and deployed again mid-stream: every acked frame is stored once,"
          + " the stream completes and the ledger balances")
  void restartMidStream(Vertx vertx) throws Exception {
    Codecs.register(vertx);
    Path store = dir.resolve("street-1");
    JsonObject cam = IngestCities.synthetic("cam-r", 200, 10, 500);
    cam.put(
        "delivery",
        new JsonObject().put("timeoutMs", 200).put("backoff", 1.5).put("maxWaitMs", 800));
    Topology t = IngestCities.city(store, 10_000, false, cam);
    AtomicInteger acks = new AtomicInteger();
    CompletableFuture<Void> midStream = new CompletableFuture<>();
    AckLog log =
        AckLog.install(vertx)
            .onAck(
                ids -> {
                  if (acks.incrementAndGet() == 5) {
                    midStream.complete(null);
                  }
                });
    EventTap tap = EventTap.on(vertx);
    List<String> ids = ClusterFixture.await(IngestCities.deploy(vertx, t));
    midStream.get(30, TimeUnit.SECONDS);
    ClusterFixture.await(vertx.undeploy(ids.get(0)));
    int acksWhileDown = acks.get();
    Unit edge = new Unit(Unit.Kind.EDGE, "street-1", "main");
    DivsUnits units = new DivsUnits(new JsonObject());
    DeploymentOptions options =
        units.options(edge).setConfig(Deployer.unitConfig(edge, "run-ingest", t));
    String again = ClusterFixture.await(vertx.deployVerticle(units.create(edge), options));
    await().atMost(Duration.ofSeconds(45)).until(() -> tap.state("cam-r").equals("ended"));
    assertThat(acks.get()).as("acks after the restart").isGreaterThan(acksWhileDown);
    JsonObject term = tap.latest("terminal", "cam-r").orElseThrow();
    assertThat(term.getLong("acked")).isEqualTo(200);
    ClusterFixture.await(vertx.undeploy(again));
    ClusterFixture.await(vertx.undeploy(ids.get(1)));
    try (SegmentFrameStore s = SegmentFrameStore.open(store, 10_000, false)) {
      assertThat(s.ids()).hasSize(200).doesNotHaveDuplicates();
      assertThat(new HashSet<>(s.ids())).containsAll(log.acked());
      assertThat(log.acked()).hasSize(200);
      assertThat(s.ids()).extracting(FrameId::terminal).containsOnly("cam-r");
      assertThat(s.ledger()).isEqualTo(new Ledger(200, 200, 0, 0, 0));
    }
  }
}
