package org.divs.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.divs.bus.Codecs;
import org.divs.bus.FrameId;
import org.divs.config.Topology;
import org.divs.deploy.Deployer;
import org.divs.store.Ledger;
import org.divs.store.SegmentFrameStore;
import org.divs.testing.ClusterFixture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Delivery from a terminal to its edge")
@ExtendWith(VertxExtension.class)
class DeliveryTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  private static JsonObject fastRetries(JsonObject terminal, String policy, int queue) {
    return terminal.put(
        "delivery",
        new JsonObject()
            .put("policy", policy)
            .put("inFlight", 4)
            .put("queue", queue)
            .put("timeoutMs", 150)
            .put("backoff", 1.5)
            .put("maxWaitMs", 600));
  }

  private static Set<FrameId> ids(String terminal, long incarnation, long n) {
    Set<FrameId> s = new HashSet<>();
    for (long i = 0; i < n; i++) {
      s.add(new FrameId(terminal, incarnation, i));
    }
    return s;
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  @DisplayName("acks dropped and delayed at random (seeded): every frame id is stored exactly once")
  void chaos(Vertx vertx) throws Exception {
    Codecs.register(vertx);
    Path store = dir.resolve("street-1");
    Topology t =
        IngestCities.city(
            store,
            10_000,
            false,
            fastRetries(IngestCities.synthetic("cam-c", 300, 10, 500), "block", 4));
    AckLog log = AckLog.install(vertx).chaos(42, 0.3, 0.3, 400);
    EventTap tap = EventTap.on(vertx);
    List<String> deployed = ClusterFixture.await(IngestCities.deploy(vertx, t));
    await().atMost(WAIT).until(() -> tap.state("cam-c").equals("ended"));
    JsonObject term = tap.latest("terminal", "cam-c").orElseThrow();
    long incarnation = tap.of("terminal", "cam-c").get(0).getLong("incarnation");
    assertThat(term.getLong("acked")).isEqualTo(300);
    assertThat(term.getJsonObject("chunks").getLong("resent")).isPositive();
    assertThat(log.dropped()).isPositive();
    assertThat(log.delayed()).isPositive();
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(
                        tap.latest("stats", "street-1")
                            .orElseThrow()
                            .getJsonObject("ingest")
                            .getLong("duplicates"))
                    .as("resent frames the edge ignored")
                    .isPositive());
    ClusterFixture.await(Deployer.undeploy(vertx, deployed));
    try (SegmentFrameStore s = SegmentFrameStore.open(store, 10_000, false)) {
      assertThat(s.ids()).doesNotHaveDuplicates().hasSize(300);
      assertThat(new HashSet<>(s.ids())).isEqualTo(ids("cam-c", incarnation, 300));
      assertThat(s.ledger()).isEqualTo(new Ledger(300, 300, 0, 0, 0));
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  @DisplayName(
      "under drop-oldest a stalled edge makes the terminal drop and count its oldest chunks;"
          + " every chunk not dropped is stored once")
  void dropOldest(Vertx vertx) throws Exception {
    Codecs.register(vertx);
    Topology t =
        IngestCities.city(
            null,
            10_000,
            false,
            fastRetries(IngestCities.synthetic("cam-d", 200, 10, 500), "drop-oldest", 2));
    AckLog log = AckLog.install(vertx);
    log.holdAll(true);
    EventTap tap = EventTap.on(vertx);
    ClusterFixture.await(IngestCities.deploy(vertx, t));
    await()
        .atMost(WAIT)
        .until(
            () ->
                tap.latest("terminal", "cam-d")
                        .map(p -> p.getJsonObject("chunks").getLong("dropped"))
                        .orElse(0L)
                    >= 3);
    log.holdAll(false);
    await().atMost(WAIT).until(() -> tap.state("cam-d").equals("ended"));
    JsonObject term = tap.latest("terminal", "cam-d").orElseThrow();
    long dropped = term.getLong("framesDropped");
    assertThat(dropped).isPositive();
    assertThat(term.getLong("acked") + dropped).isEqualTo(200);
    assertThat(term.getLong("frames")).isEqualTo(term.getLong("acked"));
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              JsonObject ledger =
                  tap.latest("stats", "street-1").orElseThrow().getJsonObject("ledger");
              assertThat(ledger.getLong("acked")).isEqualTo(200 - dropped);
              assertThat(ledger.getLong("stored")).isEqualTo(200 - dropped);
              assertThat(ledger.getBoolean("balanced")).isTrue();
            });
    assertThat(log.acked()).hasSize((int) (200 - dropped)).isEqualTo(log.sent());
  }
}
