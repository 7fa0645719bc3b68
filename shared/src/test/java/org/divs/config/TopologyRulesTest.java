package org.divs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.divs.config.Configs.faultsOf;
import static org.divs.config.Configs.with;
import static org.divs.config.Configs.without;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("TopologyRules: ids and the tree")
class TopologyRulesTest {

  private static JsonObject edge(String id, String parent) {
    return new JsonObject().put("id", id).put("parent", parent);
  }

  @Test
  @DisplayName("cloud, edges and terminals share one id namespace")
  void duplicateUnitId() {
    assertThat(faultsOf(with("/terminals/1/id", "street-1")))
        .containsExactly(
            new ConfigFault(
                "/terminals/1/id", "duplicate id \"street-1\", first used at /edges/1/id"));
  }

  @Test
  @DisplayName("task ids are unique among tasks")
  void duplicateTaskId() {
    assertThat(faultsOf(with("/tasks/-", new JsonObject().put("id", "cnn").put("model", "lstm"))))
        .containsExactly(
            new ConfigFault("/tasks/1/id", "duplicate task id \"cnn\", first used at /tasks/0/id"));
  }

  @Test
  @DisplayName("a parent is the cloud or an edge")
  void unknownParent() {
    assertThat(faultsOf(with("/edges/2/parent", "district-9")))
        .containsExactly(
            new ConfigFault(
                "/edges/2/parent",
                "unknown parent \"district-9\": a parent is the cloud \"cloud\" or an edge"));
    assertThat(faultsOf(with("/edges/2/parent", "cam-1")))
        .extracting(ConfigFault::path)
        .containsExactly("/edges/2/parent");
  }

  @Test
  @DisplayName("a terminal names an existing edge")
  void unknownTerminalEdge() {
    assertThat(faultsOf(with("/terminals/0/edge", "street-9")))
        .containsExactly(new ConfigFault("/terminals/0/edge", "unknown edge \"street-9\""));
    assertThat(faultsOf(with("/terminals/0/edge", "cloud")))
        .containsExactly(
            new ConfigFault(
                "/terminals/0/edge", "\"cloud\" is the cloud; terminals sit on street edges"));
  }

  @Test
  @DisplayName("edges whose parents go round in a cycle are one fault naming every edge in it")
  void cycle() {
    assertThat(faultsOf(with("/edges/-", edge("a", "b"), "/edges/-", edge("b", "a"))))
        .containsExactly(
            new ConfigFault(
                "/edges/3/parent",
                "cycle among edges: \"a\" -> \"b\" -> \"a\" (each the parent of the one before);"
                    + " no path reaches the cloud"));
  }

  @Test
  @DisplayName("an edge that is its own parent is a cycle")
  void selfCycle() {
    assertThat(faultsOf(with("/edges/0/parent", "district-1")))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.path()).isEqualTo("/edges/0/parent");
              assertThat(f.message()).contains("\"district-1\" -> \"district-1\"");
            });
  }

  @Test
  @DisplayName("a terminal cannot sit on an edge that has child edges")
  void terminalOnAggregator() {
    assertThat(faultsOf(with("/terminals/0/edge", "district-1")))
        .containsExactly(
            new ConfigFault(
                "/terminals/0/edge",
                "edge \"district-1\" has child edges; terminals sit on street edges (edges"
                    + " without children)"));
  }

  @Test
  @DisplayName("a terminal's windows, ack waits, counting line and images frames are checked")
  void terminalRules() {
    assertThat(
            faultsOf(
                with(
                    "/terminals/0/window",
                    new JsonObject().put("lengthMs", 1000).put("strideMs", 2000),
                    "/terminals/0/delivery",
                    new JsonObject().put("timeoutMs", 5000).put("maxWaitMs", 1000),
                    "/terminals/1/source/line",
                    new JsonObject().put("at", 200).put("from", 300).put("to", 100))))
        .extracting(ConfigFault::path)
        .containsExactly(
            "/terminals/0/window/lengthMs",
            "/terminals/0/delivery/maxWaitMs",
            "/terminals/1/source/line/to");
    assertThat(
            faultsOf(
                with(
                    "/terminals/0/source",
                    new JsonObject().put("type", "images").put("path", "vehicles"))))
        .containsExactly(
            new ConfigFault(
                "/terminals/0/frame",
                "an images source sends square frames; width 320 and height 180 differ"));
  }

  @Test
  @DisplayName("a street edge without terminals is allowed")
  void streetWithoutTerminals() {
    Topology topology = TopologyLoader.parse(without("/terminals/1"));
    assertThat(topology.isStreet("street-2")).isTrue();
    assertThat(topology.terminalsOf("street-2")).isEmpty();
  }

  @Test
  @DisplayName("every rule fault is collected")
  void collectsAllRuleFaults() {
    assertThat(
            faultsOf(
                with(
                    "/terminals/1/id", "cam-1",
                    "/edges/2/parent", "nowhere",
                    "/terminals/0/edge", "district-1")))
        .extracting(ConfigFault::path)
        .containsExactly("/terminals/1/id", "/edges/2/parent", "/terminals/0/edge");
  }

  @Test
  @DisplayName("the rules run over plain records, without JSON")
  void plainRecords() {
    CloudSpec cloud = new CloudSpec("cloud", "main", "checkpoints");
    EdgeSpec street = new EdgeSpec("s", "cloud", "main", 1, EdgeSpec.Store.inMemory(10));
    TerminalSpec camera =
        new TerminalSpec(
            "t",
            "s",
            "main",
            new SourceSpec(
                SourceSpec.Type.SYNTHETIC,
                Optional.empty(),
                1,
                5,
                SourceSpec.Pace.MAX,
                false,
                List.of(),
                true,
                0,
                0.4,
                0,
                Optional.empty(),
                new SourceSpec.Flow("flow", 0, 0),
                86_400),
            new TerminalSpec.Frame(320, 180),
            new TerminalSpec.Window(10_000, 5_000),
            new TerminalSpec.Delivery(
                TerminalSpec.Delivery.Policy.BLOCK, 4, 4, 10_000, 2.0, 60_000),
            Optional.empty());
    TaskSpec task = new TaskSpec("cnn", TaskSpec.Model.CNN, 0.01, List.of("car"), 12, 12, 100);
    assertThat(TopologyRules.check(cloud, List.of(street), List.of(camera), List.of(task)))
        .isEmpty();
    assertThat(TopologyRules.check(cloud, List.of(street, street), List.of(), List.of(task)))
        .containsExactly(
            new ConfigFault("/edges/1/id", "duplicate id \"s\", first used at /edges/0/id"));
  }

  @Test
  @DisplayName(
      "held-out rows are not empty and no training flow terminal of the same column streams them")
  void heldOutRows() {
    JsonObject flow =
        new JsonObject()
            .put("id", "counter")
            .put("edge", "street-1")
            .put(
                "source",
                new JsonObject()
                    .put("type", "flow")
                    .put("path", "f.csv")
                    .put("fromRow", 0)
                    .put("toRow", 1000))
            .put("window", new JsonObject().put("strideMs", 300000).put("lengthMs", 300000));
    JsonObject task =
        new JsonObject()
            .put("id", "flow")
            .put("model", "lstm")
            .put(
                "heldOut",
                new JsonObject()
                    .put("path", "f.csv")
                    .put("fromRow", 900)
                    .put("toRow", 1200)
                    .put("validation", new JsonObject().put("fromRow", 500).put("toRow", 400)));
    assertThat(faultsOf(with("/terminals/-", flow, "/tasks/-", task)))
        .containsExactly(
            new ConfigFault(
                "/tasks/1/heldOut/fromRow",
                "held-out rows [900, 1200) of column \"flow\" overlap the rows terminal"
                    + " \"counter\" streams for training"),
            new ConfigFault("/tasks/1/heldOut/validation/toRow", "the rows [500, 400) are empty"));
    task.getJsonObject("heldOut").put("fromRow", 1000).put("column", "neighbor_flow");
    task.getJsonObject("heldOut").getJsonObject("validation").put("toRow", 0);
    assertThat(TopologyLoader.parse(with("/terminals/-", flow, "/tasks/-", task)).tasks())
        .hasSize(2);
  }
}
