package org.divs.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.divs.config.Topology;
import org.divs.config.TopologyLoader;
import org.divs.testing.TopologyJson;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The simulator on hand-checked cities")
class SimulatorTest {
  /** 10 ms a sample on one thread, 6.25 ms on two (S(2) = 1.6); free cutting, bus and merge. */
  static Calibration calibration() {
    Calibration.ModelCost cnn =
        new Calibration.ModelCost(
            "test", 1000, List.of(new Calibration.TrainPoint(32, 0.01, 0.00625)), 1e-3, 1e-3, 0);
    return new Calibration(
        new Calibration.Machine(2, "cpu", "java", "os", "now"),
        Map.of("cnn", cnn),
        new Calibration.Scene(320, 180, 2, 0.7, 100, 1000, 2.0, 0.0),
        new BusCost(0, 0),
        new BusCost(0, 0),
        0);
  }

  static SimSettings settings(int cores, long rounds, SimSettings.Balancing balancing) {
    return new SimSettings(
        SimSettings.Placement.MACHINE_PER_UNIT,
        List.of(cores),
        1,
        1,
        new Link(1e15, 0),
        rounds,
        true,
        1000,
        Map.of(),
        balancing,
        0.05,
        5,
        0,
        10);
  }

  /** One district over two streets; street i has one camera sending {@code frames[i]} frames. */
  static Topology city(int b, int... frames) {
    JsonArray edges =
        new JsonArray().add(new JsonObject().put("id", "district-1").put("parent", "cloud"));
    JsonArray terminals = new JsonArray();
    for (int i = 1; i <= frames.length; i++) {
      edges.add(new JsonObject().put("id", "street-" + i).put("parent", "district-1"));
      terminals.add(
          new JsonObject()
              .put("id", "cam-" + i)
              .put("edge", "street-" + i)
              .put(
                  "source",
                  new JsonObject()
                      .put("type", "synthetic")
                      .put("pace", "max")
                      .put("limit", frames[i - 1])));
    }
    return TopologyLoader.parse(
        new JsonObject()
            .put("cloud", new JsonObject().put("id", "cloud"))
            .put("edges", edges)
            .put("terminals", terminals)
            .put("tasks", new JsonArray().add(TopologyJson.cnnTask(List.of("car", "bike"))))
            .put(
                "sync",
                new JsonObject()
                    .put("batchesPerEpoch", b)
                    .put("minibatch", 10)
                    .put("quorum", 1.0)
                    .put("deadlineMs", 3_600_000))
            .encode());
  }

  @Test
  @DisplayName("100 and 50 frames, 2 crops each, b = 2: rounds of 100 and 50 samples take 1 s")
  void handChecked() {
    SimResult r =
        Simulator.run(city(2, 100, 50), calibration(), settings(1, 2, SimSettings.Balancing.NONE));
    // The frames reach the streets just before round 1's global (they left first, and the links
    // are near infinite), but round 1 began before the ingest ended, so it does not count.
    // Street 1: 200 crops, k = 100, 1 s; street 2: 100 crops, k = 50, 0.5 s. Rounds wait for
    // street 1: 0 -> 1 -> 2 -> 3.
    assertThat(r.finished()).isTrue();
    assertThat(r.rounds()).extracting(SimResult.Round::counted).containsExactly(false, true, true);
    assertThat(r.rounds())
        .allSatisfy(
            x -> {
              assertThat(x.seconds()).isCloseTo(1.0, within(1e-6));
              assertThat(x.samples()).isEqualTo(150);
              assertThat(x.participants()).isEqualTo(2);
            });
    assertThat(r.seconds()).isCloseTo(3.0, within(1e-6));
    assertThat(r.ingestSeconds()).isLessThan(1e-6);
    assertThat(r.bytes().ingest()).isEqualTo(150 * 1000 + 2 * Simulator.HEADER_BYTES);
    // one global to the district and two streets per round, float32
    assertThat(r.bytes().globals()).isEqualTo(3 * 3 * (4000 + Simulator.HEADER_BYTES));
  }

  @Test
  @DisplayName("two cores run one trainer on two threads: S(2) = 1.6 times faster")
  void amdahl() {
    SimResult r =
        Simulator.run(city(2, 100, 50), calibration(), settings(2, 2, SimSettings.Balancing.NONE));
    assertThat(r.rounds())
        .allSatisfy(x -> assertThat(x.seconds()).isCloseTo(1.0 / 1.6, within(1e-6)));
  }

  @Test
  @DisplayName("migration moves 135 of 300 frames to the idle edge and evens the rounds")
  void migration() {
    SimResult r =
        Simulator.run(
            city(1, 300, 30), calibration(), settings(1, 3, SimSettings.Balancing.MIGRATION));
    // After the first counted round: T = 6 s and 0.6 s (0.02 s a frame), mean 3.3, so
    // delta = -135 / +135.
    SimResult.Period first = r.periods().get(0);
    assertThat(first.triggered()).isTrue();
    assertThat(first.balance()).isCloseTo(2.7, within(1e-9));
    assertThat(first.frames()).isEqualTo(135);
    assertThat(first.balancePlanned()).isCloseTo(0, within(1e-9));
    // The next round began as the frames left, so it still took 6 s; the one after is even.
    assertThat(r.rounds().stream().map(SimResult.Round::seconds).toList())
        .satisfiesExactly(
            a -> assertThat(a).isCloseTo(6.0, within(1e-6)),
            b -> assertThat(b).isCloseTo(6.0, within(1e-6)),
            c -> assertThat(c).isCloseTo(6.0, within(1e-6)),
            d -> assertThat(d).isCloseTo(3.3, within(1e-6)));
    assertThat(r.periods()).hasSize(3);
    assertThat(r.periods().get(1).balance()).isCloseTo(0, within(1e-9));
    assertThat(r.periods().get(1).triggered()).isFalse();
    assertThat(r.bytes().migration()).isEqualTo(135 * 1000 + Simulator.HEADER_BYTES);
  }

  @Test
  @DisplayName("LB-BSP sizes the rounds to speed without moving a frame: 330 and 60 samples, 3.3 s")
  void lbBsp() {
    SimResult r =
        Simulator.run(city(1, 300, 30), calibration(), settings(1, 3, SimSettings.Balancing.LBBSP));
    assertThat(r.rounds())
        .allSatisfy(
            x -> {
              assertThat(x.seconds()).isCloseTo(3.3, within(1e-6));
              assertThat(x.samples()).isEqualTo(390);
            });
    assertThat(r.bytes().migration()).isZero();
  }

  @Test
  @DisplayName("a run is a function of its inputs: twice the same, to the last event")
  void deterministic() {
    Topology t = city(2, 700, 90);
    SimSettings s = settings(2, 6, SimSettings.Balancing.MIGRATION);
    assertThat(Simulator.run(t, calibration(), s)).isEqualTo(Simulator.run(t, calibration(), s));
  }

  @Test
  @DisplayName("a task whose model was never calibrated is refused, naming the task and model")
  void uncalibrated() {
    Calibration none =
        new Calibration(
            calibration().machine(),
            Map.of(),
            calibration().scene(),
            new BusCost(0, 0),
            new BusCost(0, 0),
            0);
    assertThatThrownBy(
            () -> Simulator.run(city(2, 10, 10), none, settings(1, 1, SimSettings.Balancing.NONE)))
        .hasMessageContaining("task 'cnn'")
        .hasMessageContaining("model cnn");
  }
}
