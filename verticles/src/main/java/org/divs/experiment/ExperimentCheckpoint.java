package org.divs.experiment;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.divs.config.Topology;
import org.divs.config.TopologyLoader;
import org.divs.sync.Checkpoints;
import org.divs.sync.Weights;

/**
 * Writes an experiment's final global as a cloud checkpoint, beside a topology naming its task and
 * checkpoint folder, so that {@code divs eval --config DIR/topology.json} reads it like a city's.
 * The topology lists the simulated street edges and no terminals: nothing was streamed.
 */
final class ExperimentCheckpoint {
  private ExperimentCheckpoint() {}

  /**
   * Saves {@code weights} of {@code task} after {@code rounds} rounds; returns the topology file.
   */
  static Path save(
      Path dir,
      String name,
      TrainingSettings settings,
      JsonObject task,
      int edges,
      long rounds,
      Weights weights)
      throws IOException {
    long seed = settings.seed();
    JsonObject sync =
        new JsonObject()
            .put("weighting", settings.weighting().configName())
            .put("batchesPerEpoch", settings.batchesPerEpoch())
            .put("minibatch", settings.minibatch());
    task.put("learningRate", (double) settings.learningRate());
    Path checkpoints = dir.resolve("checkpoints");
    JsonArray edgeList = new JsonArray();
    for (int e = 1; e <= edges; e++) {
      edgeList.add(new JsonObject().put("id", "edge-" + e).put("parent", "cloud"));
    }
    JsonObject json =
        new JsonObject()
            .put("name", name)
            .put("seed", seed)
            .put(
                "cloud",
                new JsonObject().put("id", "cloud").put("checkpoints", checkpoints.toString()))
            .put("edges", edgeList)
            .put("terminals", new JsonArray())
            .put("tasks", new JsonArray().add(task))
            .put("sync", sync);
    Topology t = TopologyLoader.parse(json.encode());
    Files.createDirectories(dir);
    Path file = dir.resolve("topology.json");
    Files.writeString(file, json.encodePrettily(), StandardCharsets.UTF_8);
    new Checkpoints(checkpoints)
        .save(
            new Checkpoints.Saved(
                task.getString("id"),
                rounds,
                rounds,
                t.configHash(),
                "experiment-" + name + "-seed-" + seed,
                weights));
    return file;
  }
}
