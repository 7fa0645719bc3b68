package org.divs.node;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.divs.proc.ClusterCity;

/** Small test topologies. */
public final class Cities {
  private Cities() {}

  /**
   * One cloud, one district, {@code streets} street edges with {@code cams} synthetic terminals
   * each sending {@code frames} frames flat out; street {@code s} and its district sit on node
   * {@code nodeOf(s)}, terminals on the other node when {@code crossTerminals}.
   */
  public static JsonObject small(
      int streets,
      int cams,
      int frames,
      int consolePort,
      String[] streetNodes,
      boolean crossTerminals) {
    JsonArray edges =
        new JsonArray()
            .add(new JsonObject().put("id", "district-1").put("parent", "cloud").put("node", "n0"));
    JsonArray terminals = new JsonArray();
    for (int s = 1; s <= streets; s++) {
      String node = streetNodes[(s - 1) % streetNodes.length];
      edges.add(
          new JsonObject()
              .put("id", "street-" + s)
              .put("parent", "district-1")
              .put("node", node)
              .put("store", new JsonObject().put("capacity", 5000)));
      for (int c = 1; c <= cams; c++) {
        String termNode = crossTerminals ? streetNodes[s % streetNodes.length] : node;
        terminals.add(
            ClusterCity.camera("cam-" + s + "-" + c, "street-" + s, termNode, frames)
                .put("frame", new JsonObject().put("width", 320).put("height", 180))
                .put("window", new JsonObject().put("strideMs", 5000)));
      }
    }
    return new JsonObject()
        .put("name", "small")
        .put("seed", 7)
        .put(
            "cloud",
            new JsonObject()
                .put("id", "cloud")
                .put("node", "n0")
                .put("checkpoints", "target/checkpoints/" + java.util.UUID.randomUUID()))
        .put("edges", edges)
        .put("terminals", terminals)
        .put(
            "tasks",
            new JsonArray()
                .add(
                    ClusterCity.cnnTask(
                        List.of("bike", "car", "juggernaut", "minibus", "pickup", "truck"))))
        .put(
            "sync",
            new JsonObject()
                .put("weighting", "fedavg")
                .put("batchesPerEpoch", 2)
                .put("minibatch", 16)
                .put("deadlineMs", 60000)
                .put("quorum", 1.0)
                .put("retries", 2))
        .put("console", new JsonObject().put("host", "127.0.0.1").put("port", consolePort));
  }
}
