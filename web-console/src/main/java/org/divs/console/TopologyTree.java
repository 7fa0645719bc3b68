package org.divs.console;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import org.divs.config.EdgeSpec;
import org.divs.config.TaskSpec;
import org.divs.config.TerminalSpec;
import org.divs.config.Topology;

/**
 * The body of {@code /api/topology}: the city as a tree (cloud, edges by level, terminals under
 * their street edge) and its tasks. Live state is not here but in {@code /api/status}, keyed by the
 * same ids.
 */
final class TopologyTree {
  private TopologyTree() {}

  /** The tree of a city with no topology in the console's config: nothing is known yet. */
  static JsonObject empty() {
    return new JsonObject()
        .put("name", null)
        .put("configHash", null)
        .put("tasks", new JsonArray())
        .put("tree", null);
  }

  /** The tree of {@code t}. */
  static JsonObject of(Topology t) {
    JsonArray tasks = new JsonArray();
    for (TaskSpec task : t.tasks()) {
      tasks.add(
          new JsonObject()
              .put("id", task.id())
              .put("model", task.model().name().toLowerCase(Locale.ROOT))
              .put("classes", new JsonArray(task.classes()))
              .put("lookback", task.lookback())
              .put("horizon", task.horizon()));
    }
    JsonObject cloud =
        new JsonObject()
            .put("id", t.cloud().id())
            .put("kind", "cloud")
            .put("level", 0)
            .put("node", t.cloud().node())
            .put("children", children(t, t.cloud().id()));
    return new JsonObject()
        .put("name", t.name())
        .put("configHash", t.configHash())
        .put("tasks", tasks)
        .put("tree", cloud);
  }

  private static JsonArray children(Topology t, String parent) {
    JsonArray out = new JsonArray();
    for (String id : t.childrenOf(parent)) {
      EdgeSpec e = t.edge(id);
      boolean street = t.isStreet(id);
      JsonObject node =
          new JsonObject()
              .put("id", id)
              .put("kind", street ? "street" : "aggregator")
              .put("level", t.levelOf(id))
              .put("node", e.node())
              .put("speed", e.speed())
              .put("capacity", e.store().capacity())
              .put("children", children(t, id));
      JsonArray terminals = new JsonArray();
      for (TerminalSpec term : t.terminalsOf(id)) {
        terminals.add(
            new JsonObject()
                .put("id", term.id())
                .put("kind", "terminal")
                .put("edge", id)
                .put("node", term.node())
                .put("source", term.source().type().name().toLowerCase(Locale.ROOT))
                .put("train", term.source().train()));
      }
      node.put("terminals", terminals);
      out.add(node);
    }
    return out;
  }
}
