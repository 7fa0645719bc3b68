package org.divs.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.divs.bus.Addresses;
import org.divs.bus.Codecs;
import org.divs.bus.ConsoleEvent;
import org.divs.bus.CurrentRequest;
import org.divs.bus.GlobalWeights;
import org.divs.bus.LocalUpdate;
import org.divs.config.Topology;
import org.divs.config.TopologyLoader;
import org.divs.deploy.Deployer;
import org.divs.deploy.Unit;
import org.divs.sync.Checkpoints;
import org.divs.sync.EncodedWeights;
import org.divs.sync.Weighting;
import org.divs.sync.Weights;
import org.divs.testing.ClusterFixture;
import org.divs.testing.Samples;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Model synchronisation")
@ExtendWith(VertxExtension.class)
class SyncTest {
  private final List<JsonObject> events = new CopyOnWriteArrayList<>();
  private Vertx vertx;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    this.vertx = vertx;
    Codecs.register(vertx);
    ClusterFixture.await(
        vertx
            .eventBus()
            .<ConsoleEvent>consumer(
                Addresses.CONSOLE_EVENTS,
                m ->
                    events.add(
                        new JsonObject(m.body().json())
                            .put("_type", m.body().type())
                            .put("_source", m.body().source())))
            .completion());
  }

  private static Topology city(Path checkpoints, long deadlineMs, double quorum) {
    JsonObject json = Cities.small(2, 1, 30, 0, new String[] {"n0"}, false);
    json.getJsonObject("cloud").put("checkpoints", checkpoints.toString());
    json.getJsonObject("sync")
        .put("deadlineMs", deadlineMs)
        .put("quorum", quorum)
        .put("minibatch", 8);
    return TopologyLoader.parse(json.encode());
  }

  private List<String> deploy(Topology t, String run, Predicate<Unit> which, JsonObject extras)
      throws Exception {
    return ClusterFixture.await(
        Deployer.deploy(vertx, t, run, which, new DivsUnits(extras.put("console", false))));
  }

  private List<JsonObject> of(String type) {
    return events.stream().filter(e -> e.getString("_type").equals(type)).toList();
  }

  private List<JsonObject> rounds() {
    return of("round").stream().filter(r -> r.getLong("round") > 0).toList();
  }

  private static boolean isStreet2(Unit u) {
    return u.id().equals("street-2") || u.id().equals("cam-2-1");
  }

  private GlobalWeights current() throws Exception {
    return ClusterFixture.await(
            vertx
                .eventBus()
                .<GlobalWeights>request(
                    Addresses.syncCurrent("cnn"), new CurrentRequest("cnn", "test")))
        .body();
  }

  private String refusal(LocalUpdate u) {
    try {
      ClusterFixture.await(vertx.eventBus().request(Addresses.aggLocal("cloud"), u));
      return null;
    } catch (Exception e) {
      Throwable c = e.getCause();
      assertThat(c).isInstanceOf(ReplyException.class);
      assertThat(((ReplyException) c).failureCode()).isEqualTo(400);
      return c.getMessage();
    }
  }

  private static LocalUpdate update(String run, String from, long round, Weights w) {
    return new LocalUpdate(
        run,
        "cnn",
        round,
        from,
        16,
        Weighting.FEDAVG.logMass(16),
        List.of("street-1"),
        List.of(),
        0.5,
        10,
        w);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  @DisplayName(
      "NaN, wrong-shape, replayed, foreign and other-run updates are refused and never merged")
  void badUpdatesRefused(@TempDir Path dir) throws Exception {
    Topology t = city(dir, 60_000, 1.0);
    deploy(t, "run-a", u -> u.kind() == Unit.Kind.CLOUD, new JsonObject());
    await().atMost(Duration.ofSeconds(30)).until(() -> !of("round").isEmpty());
    GlobalWeights before = current();
    int n = before.weights().size();
    float[] nan = before.weights().toArray();
    nan[17] = Float.NaN;
    assertThat(refusal(update("run-a", "district-1", 1, Weights.wrap(nan))))
        .contains("NaN at index 17");
    assertThat(refusal(update("run-a", "district-1", 1, Samples.weights(1, n - 1))))
        .contains(n - 1 + " floats");
    assertThat(refusal(update("run-a", "district-1", 0, before.weights())))
        .contains("current round is 1");
    assertThat(refusal(update("run-a", "street-9", 1, before.weights()))).contains("not a child");
    assertThat(refusal(update("run-old", "district-1", 1, before.weights())))
        .contains("run run-old");
    GlobalWeights after = current();
    assertThat(after.round()).isZero();
    assertThat(after.weights()).isEqualTo(before.weights());
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                of("error").stream().filter(e -> "refused".equals(e.getString("kind"))).count()
                    == 5);
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  @DisplayName(
      "An edge undeployed mid-run is left out at the deadline and later rounds go on without it")
  void deadEdgeLeftOut(@TempDir Path dir) throws Exception {
    Topology t = city(dir, 3_000, 0.5);
    deploy(t, "run-b", u -> !isStreet2(u), new JsonObject());
    List<String> street2 = deploy(t, "run-b", SyncTest::isStreet2, new JsonObject());
    await()
        .atMost(Duration.ofSeconds(40))
        .until(
            () ->
                rounds().stream()
                    .anyMatch(r -> r.getJsonArray("participants").contains("street-2")));
    ClusterFixture.await(Deployer.undeploy(vertx, street2));
    int seen = rounds().size();
    await()
        .atMost(Duration.ofSeconds(40))
        .until(
            () ->
                rounds().stream()
                        .skip(seen)
                        .filter(r -> r.getJsonArray("missing").contains("street-2"))
                        .filter(r -> r.getJsonArray("participants").contains("street-1"))
                        .count()
                    >= 2);
    // rounds faster than evaluations skip some scores, never a round event or its order
    List<Long> numbers = rounds().stream().map(r -> r.getLong("round")).toList();
    assertThat(numbers).isSorted().doesNotHaveDuplicates();
    assertThat(numbers.get(numbers.size() - 1) - numbers.get(0)).isEqualTo(numbers.size() - 1L);
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  @DisplayName(
      "A late edge takes part from the next round, and a restarted cloud resumes from its checkpoint")
  void lateJoinAndResume(@TempDir Path dir) throws Exception {
    Topology t = city(dir, 3_000, 0.5);
    List<String> first = deploy(t, "run-c", u -> !isStreet2(u), new JsonObject());
    await().atMost(Duration.ofSeconds(40)).until(() -> rounds().size() >= 1);
    int before = rounds().size();
    first.addAll(deploy(t, "run-c", SyncTest::isStreet2, new JsonObject()));
    assertThat(rounds().get(0).getJsonArray("participants")).containsExactly("street-1");
    await()
        .atMost(Duration.ofSeconds(40))
        .until(
            () ->
                rounds().stream()
                    .skip(before)
                    .anyMatch(r -> r.getJsonArray("participants").contains("street-2")));
    ClusterFixture.await(Deployer.undeploy(vertx, first));

    Checkpoints.Saved saved = new Checkpoints(dir).load("cnn").orElseThrow();
    long last = saved.round();
    assertThat(last).isGreaterThanOrEqualTo(rounds().get(rounds().size() - 1).getLong("round"));
    assertThat(saved.runId()).isEqualTo("run-c");
    assertThat(Files.readAllLines(dir.resolve("cnn.rounds.jsonl")))
        .hasSizeGreaterThanOrEqualTo(rounds().size() + 1);
    events.clear();
    JsonObject resume = new JsonObject().put("rounds", 1).put("resume", true);
    deploy(t, "run-d", u -> u.kind() == Unit.Kind.CLOUD, resume);
    GlobalWeights resumed = current();
    assertThat(resumed.round()).isEqualTo(last);
    assertThat(resumed.runId()).isEqualTo("run-d");
    assertThat(resumed.weights()).isEqualTo(saved.weights());
    assertThat(refusal(update("run-c", "district-1", last + 1, saved.weights())))
        .contains("run run-c");
    deploy(t, "run-d", u -> u.kind() != Unit.Kind.CLOUD, new JsonObject());
    await().atMost(Duration.ofSeconds(40)).until(() -> !of("done").isEmpty());
    assertThat(rounds()).hasSize(1);
    assertThat(rounds().get(0).getLong("round")).isGreaterThan(last);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  @DisplayName(
      "Updates sent before their district is up (it starts later, elsewhere) reach it once it is")
  void parentStartsLater(@TempDir Path dir) throws Exception {
    // A long deadline: the edges keep trying while the cloud waits for round 1.
    Topology t = city(dir, 20_000, 1.0);
    deploy(t, "run-e", u -> u.kind() != Unit.Kind.AGGREGATOR, new JsonObject());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                of("node").stream().filter(n -> "edge".equals(n.getString("kind"))).count() == 2
                    && !of("round").isEmpty());
    deploy(t, "run-e", u -> u.kind() == Unit.Kind.AGGREGATOR, new JsonObject());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                rounds().stream().anyMatch(r -> r.getLong("round") == 1)
                    || of("round-empty").stream().anyMatch(r -> r.getLong("round") == 1));
    assertThat(of("round-retry")).as("round 1 needed no retry").isEmpty();
    assertThat(of("error")).as("no update was lost").isEmpty();
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  @DisplayName(
      "An aggregator lets go of each global once the next one came, however long its deadline")
  void aggregatorKeepsNoOldGlobal(@TempDir Path dir) throws Exception {
    // A minute's deadline: a timer that held its round's global would keep every one here.
    Topology t = city(dir, 60_000, 1.0);
    deploy(t, "run-g", u -> u.kind() == Unit.Kind.AGGREGATOR, new JsonObject());
    int size = 1 << 16;
    List<WeakReference<GlobalWeights>> published = new ArrayList<>();
    for (long round = 0; round < 4; round++) {
      GlobalWeights g =
          new GlobalWeights(
              "run-g", "cnn", round, EncodedWeights.full(Weights.wrap(new float[size])));
      published.add(new WeakReference<>(g));
      vertx.eventBus().publish(Addresses.syncGlobal("cnn"), g);
    }
    // answered once the district collects round 4, i.e. after it took the global of round 3
    ClusterFixture.await(
        vertx
            .eventBus()
            .request(
                Addresses.aggLocal("district-1"),
                update("run-g", "street-1", 4, Weights.wrap(new float[size]))));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              System.gc();
              return published.subList(0, 3).stream().allMatch(r -> r.get() == null);
            });
  }
}
