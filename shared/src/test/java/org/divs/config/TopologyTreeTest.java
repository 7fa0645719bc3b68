package org.divs.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

@Label("Topology: any tree under the cloud, in any order")
class TopologyTreeTest {

  /** Edge i hangs under the cloud ({@code -1}) or an earlier edge; edges are listed shuffled. */
  private static Topology tree(List<Integer> parentChoices, long shuffleSeed) {
    List<JsonObject> edges = new ArrayList<>();
    for (int i = 0; i < parentChoices.size(); i++) {
      int parent = parentChoices.get(i) % (i + 1) - 1;
      edges.add(new JsonObject().put("id", "e" + i).put("parent", parent < 0 ? "c" : "e" + parent));
    }
    Collections.shuffle(edges, new Random(shuffleSeed));
    return TopologyLoader.parse(
        new JsonObject()
            .put("cloud", new JsonObject().put("id", "c"))
            .put("edges", new JsonArray(new ArrayList<>(edges)))
            .put("terminals", new JsonArray())
            .put("tasks", new JsonArray().add(new JsonObject().put("id", "f").put("model", "lstm")))
            .encode());
  }

  @Property(tries = 200)
  @Label("levels grow by one per edge, and the leaves split into the subtrees of the top edges")
  void treeInvariants(
      @ForAll @Size(min = 1, max = 15) List<@IntRange(min = 0, max = 100) Integer> parents,
      @ForAll long shuffleSeed) {
    Topology topology = tree(parents, shuffleSeed);

    for (EdgeSpec edge : topology.edges()) {
      assertThat(topology.levelOf(edge.id())).isEqualTo(topology.levelOf(edge.parent()) + 1);
      assertThat(topology.isStreet(edge.id())).isEqualTo(topology.childrenOf(edge.id()).isEmpty());
    }
    List<String> streets = topology.streetEdges().stream().map(EdgeSpec::id).toList();
    assertThat(topology.leavesUnder("c")).isEqualTo(streets);
    assertThat(topology.streetEdges().size() + topology.aggregators().size())
        .isEqualTo(topology.edges().size());
    Set<String> union = new HashSet<>();
    for (String top : topology.childrenOf("c")) {
      for (String leaf : topology.leavesUnder(top)) {
        assertThat(union.add(leaf)).as("leaf %s under one top edge only", leaf).isTrue();
      }
    }
    assertThat(union).containsExactlyInAnyOrderElementsOf(streets);
  }
}
