package org.divs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.divs.config.Configs.MINIMAL;
import static org.divs.config.Configs.with;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.divs.sync.WeightEncoding;
import org.divs.sync.Weighting;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Topology: the demo, defaults and the tree")
class TopologyTest {

  private static List<String> ids(List<EdgeSpec> edges) {
    return edges.stream().map(EdgeSpec::id).toList();
  }

  @Test
  @DisplayName("the committed demo parses into one district with three streets of two cameras")
  void demo() {
    Topology demo = TopologyLoader.load(Configs.DEMO);

    assertThat(demo.name()).isEqualTo("demo");
    assertThat(demo.levelOf("cloud")).isZero();
    assertThat(demo.levelOf("district-1")).isEqualTo(1);
    assertThat(demo.levelOf("street-3")).isEqualTo(2);
    assertThat(demo.childrenOf("cloud")).containsExactly("district-1");
    assertThat(ids(demo.streetEdges())).containsExactly("street-1", "street-2", "street-3");
    assertThat(ids(demo.aggregators())).containsExactly("district-1");
    assertThat(demo.leavesUnder("cloud")).containsExactly("street-1", "street-2", "street-3");
    assertThat(demo.terminalsOf("street-2"))
        .extracting(TerminalSpec::id)
        .containsExactly("cam-2-1", "cam-2-2");
    assertThat(demo.terminalsOf("district-1")).isEmpty();
    assertThat(demo.terminal("cam-1-1").source().pace()).isEqualTo(SourceSpec.Pace.MAX);
    assertThat(demo.terminal("cam-1-1").frame()).isEqualTo(new TerminalSpec.Frame(320, 180));
    assertThat(demo.task("cnn").classes())
        .containsExactly("bike", "car", "juggernaut", "minibus", "pickup", "truck");
    assertThat(demo.sync())
        .isEqualTo(
            new SyncSpec(
                Weighting.FEDAVG,
                4,
                32,
                60000,
                1.0,
                2,
                0,
                3,
                0,
                WeightEncoding.F32,
                WeightEncoding.F32,
                false));
    assertThat(demo.console()).isEqualTo(new ConsoleSpec("127.0.0.1", 8080, Optional.empty()));
  }

  @Test
  @DisplayName("every key left out takes its documented default")
  void defaults() {
    Topology topology = TopologyLoader.parse(MINIMAL);

    assertThat(topology.name()).isEqualTo("divs");
    assertThat(topology.seed()).isEqualTo(42);
    assertThat(topology.cloud()).isEqualTo(new CloudSpec("cloud", "main", "checkpoints"));
    assertThat(topology.edge("street-1"))
        .isEqualTo(
            new EdgeSpec("street-1", "district-1", "main", 1.0, EdgeSpec.Store.inMemory(20000)));
    TerminalSpec camera = topology.terminal("cam-1");
    assertThat(camera.node()).isEqualTo("main");
    assertThat(camera.frame()).isEqualTo(new TerminalSpec.Frame(320, 180));
    assertThat(camera.window()).isEqualTo(new TerminalSpec.Window(10_000, 5_000));
    assertThat(camera.delivery())
        .isEqualTo(
            new TerminalSpec.Delivery(
                TerminalSpec.Delivery.Policy.BLOCK, 4, 4, 10_000, 2.0, 60_000));
    assertThat(camera.stateDir()).isEmpty();
    SourceSpec source = camera.source();
    assertThat(source.path()).isEmpty();
    assertThat(source.fps()).isEqualTo(5);
    assertThat(source.pace()).isEqualTo(SourceSpec.Pace.REAL);
    assertThat(source.loop()).isFalse();
    assertThat(source.classes()).isEmpty();
    assertThat(source.train()).isTrue();
    assertThat(source.subset()).isZero();
    assertThat(source.line()).isEmpty();
    assertThat(source.flow()).isEqualTo(new SourceSpec.Flow("flow", 0, 0));
    assertThat(topology.task("cnn").learningRate()).isEqualTo(0.001);
    assertThat(topology.sync())
        .isEqualTo(
            new SyncSpec(
                Weighting.FEDAVG,
                4,
                32,
                60000,
                0.5,
                2,
                0,
                3,
                0,
                WeightEncoding.F32,
                WeightEncoding.F32,
                false));
    assertThat(topology.migration()).isEqualTo(new MigrationSpec(true, 10000, 2000, 8, 32));
    assertThat(topology.console()).isEqualTo(new ConsoleSpec("127.0.0.1", 8080, Optional.empty()));
  }

  @Test
  @DisplayName("a source without a seed gets a stable one of its own")
  void derivedSourceSeed() {
    Topology once = TopologyLoader.parse(MINIMAL);
    Topology again = TopologyLoader.parse(MINIMAL);
    long seed = once.terminal("cam-1").source().seed();

    assertThat(again.terminal("cam-1").source().seed()).isEqualTo(seed);
    assertThat(once.terminal("cam-2").source().seed()).isNotEqualTo(seed);
    assertThat(TopologyLoader.parse(with("/terminals/0/source/seed", 7)).terminal("cam-1"))
        .extracting(t -> t.source().seed())
        .isEqualTo(7L);
  }

  @Test
  @DisplayName("an lstm task takes its window defaults")
  void lstmTask() {
    TaskSpec flow =
        TopologyLoader.parse(
                with("/tasks/-", new JsonObject().put("id", "flow").put("model", "lstm")))
            .task("flow");
    assertThat(flow)
        .isEqualTo(new TaskSpec("flow", TaskSpec.Model.LSTM, 0.001, List.of(), 12, 12, 100));
  }

  @Test
  @DisplayName("levels, aggregators and leaves follow a three-level tree")
  void threeLevels() {
    JsonArray edges =
        new JsonArray()
            .add(new JsonObject().put("id", "street-3").put("parent", "district-b"))
            .add(new JsonObject().put("id", "county").put("parent", "cloud"))
            .add(new JsonObject().put("id", "district-a").put("parent", "county"))
            .add(new JsonObject().put("id", "district-b").put("parent", "county"))
            .add(new JsonObject().put("id", "street-1").put("parent", "district-a"))
            .add(new JsonObject().put("id", "street-2").put("parent", "district-a"));
    Topology topology =
        TopologyLoader.parse(with("/edges", edges, "/terminals/1/edge", "street-3"));

    assertThat(topology.levelOf("county")).isEqualTo(1);
    assertThat(topology.levelOf("district-b")).isEqualTo(2);
    assertThat(topology.levelOf("street-3")).isEqualTo(3);
    assertThat(ids(topology.aggregators())).containsExactly("county", "district-a", "district-b");
    assertThat(topology.leavesUnder("district-a")).containsExactly("street-1", "street-2");
    assertThat(topology.leavesUnder("county")).containsExactly("street-3", "street-1", "street-2");
    assertThat(topology.leavesUnder("street-2")).containsExactly("street-2");
    assertThat(topology.childrenOf("county")).containsExactly("district-a", "district-b");
    assertThat(topology.childrenOf("street-1")).isEmpty();
    assertThat(topology.parentOf("district-b")).contains("county");
    assertThat(topology.parentOf("cam-2")).contains("street-3");
    assertThat(topology.parentOf("cloud")).isEmpty();
    assertThat(topology.isStreet("street-3")).isTrue();
    assertThat(topology.isStreet("district-b")).isFalse();
  }

  @Test
  @DisplayName("looking up an id that is not there names it")
  void unknownIds() {
    Topology topology = TopologyLoader.parse(MINIMAL);
    assertThatExceptionOfType(NoSuchElementException.class)
        .isThrownBy(() -> topology.edge("cam-1"))
        .withMessageContaining("\"cam-1\"");
    assertThatExceptionOfType(NoSuchElementException.class)
        .isThrownBy(() -> topology.levelOf("cam-1"));
    assertThatExceptionOfType(NoSuchElementException.class).isThrownBy(() -> topology.task("flow"));
    assertThatExceptionOfType(NoSuchElementException.class)
        .isThrownBy(() -> topology.parentOf("nobody"));
  }

  @Test
  @DisplayName("json() reads back to the same config, and the hash ignores only layout")
  void jsonAndHash() {
    Topology topology = TopologyLoader.parse(MINIMAL);
    Topology copy = TopologyLoader.parse(topology.json());

    assertThat(copy.json()).isEqualTo(topology.json());
    assertThat(topology.json()).doesNotContain("\n");
    assertThat(topology.configHash()).matches("[0-9a-f]{64}").isEqualTo(copy.configHash());
    assertThat(TopologyLoader.parse(with("/seed", 43)).configHash())
        .isNotEqualTo(topology.configHash());
  }

  @Test
  @DisplayName(
      "a task's held-out files parse with their defaults; the validation part reads the same file"
          + " unless it names one")
  void heldOut() {
    Topology t =
        TopologyLoader.parse(
            Configs.with(
                "/tasks/-",
                new JsonObject()
                    .put("id", "flow")
                    .put("model", "lstm")
                    .put(
                        "heldOut",
                        new JsonObject()
                            .put("path", "f.csv")
                            .put("fromRow", 10)
                            .put("validation", new JsonObject().put("toRow", 10))),
                "/sync/startAfterStreams",
                true));
    assertThat(t.task("flow").heldOut())
        .contains(
            new TaskSpec.HeldOut(
                new TaskSpec.Part("f.csv", "flow", 10, 0),
                Optional.of(new TaskSpec.Part("f.csv", "flow", 0, 10))));
    assertThat(t.task("cnn").heldOut()).isEmpty();
    assertThat(t.sync().startAfterStreams()).isTrue();
    assertThat(TopologyLoader.parse(Configs.MINIMAL).sync().startAfterStreams()).isFalse();
  }
}
