package org.divs.node;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.divs.config.Topology;
import org.divs.config.TopologyLoader;
import org.divs.deploy.Deployer;
import org.divs.deploy.Unit;

/** Small ingest topologies: one street edge under the cloud, its terminals, no training. */
final class IngestCities {
  private IngestCities() {}

  /**
   * A cloud with one street edge {@code street-1} holding {@code capacity} frames in {@code
   * storeDir} (null: in memory), an LSTM task and, with {@code cnn}, the six-class CNN task.
   */
  static Topology city(Path storeDir, int capacity, boolean cnn, JsonObject... terminals) {
    JsonObject store = new JsonObject().put("capacity", capacity);
    if (storeDir != null) {
      store.put("dir", storeDir.toString());
    }
    JsonArray tasks = new JsonArray().add(new JsonObject().put("id", "flow").put("model", "lstm"));
    if (cnn) {
      tasks.add(
          new JsonObject()
              .put("id", "cnn")
              .put("model", "cnn")
              .put(
                  "classes",
                  new JsonArray(
                      List.of("bike", "car", "juggernaut", "minibus", "pickup", "truck"))));
    }
    JsonObject city =
        new JsonObject()
            .put("name", "ingest")
            .put("cloud", new JsonObject().put("id", "cloud"))
            .put(
                "edges",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("id", "street-1")
                            .put("parent", "cloud")
                            .put("store", store)))
            .put("terminals", new JsonArray(List.of((Object[]) terminals)))
            .put("tasks", tasks);
    return TopologyLoader.parse(city.encode());
  }

  /** A synthetic 320x180 terminal on street-1 sending {@code limit} frames flat out. */
  static JsonObject synthetic(String id, int limit, int fps, long strideMs) {
    return new JsonObject()
        .put("id", id)
        .put("edge", "street-1")
        .put(
            "source",
            new JsonObject()
                .put("type", "synthetic")
                .put("fps", fps)
                .put("rate", 0.7)
                .put("pace", "max")
                .put("limit", limit))
        .put("frame", new JsonObject().put("width", 320).put("height", 180))
        .put("window", new JsonObject().put("strideMs", strideMs).put("lengthMs", strideMs * 2));
  }

  /** Deploys the edge and terminal units (no cloud, no aggregator); the ids in that order. */
  static Future<List<String>> deploy(Vertx vertx, Topology t) {
    return Deployer.deploy(
        vertx,
        t,
        "run-ingest",
        u -> u.kind() == Unit.Kind.EDGE || u.kind() == Unit.Kind.TERMINAL,
        new DivsUnits(new JsonObject()));
  }
}
