package org.divs.node;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

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
            new JsonObject()
                .put("id", "cam-" + s + "-" + c)
                .put("edge", "street-" + s)
                .put("node", termNode)
                .put(
                    "source",
                    new JsonObject()
                        .put("type", "synthetic")
                        .put("fps", 2)
                        .put("rate", 0.7)
                        .put("pace", "max")
                        .put("limit", frames))
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
                    new JsonObject()
                        .put("id", "cnn")
                        .put("model", "cnn")
                        .put("learningRate", 0.001)
                        .put(
                            "classes",
                            new JsonArray()
                                .add("bike")
                                .add("car")
                                .add("juggernaut")
                                .add("minibus")
                                .add("pickup")
                                .add("truck"))))
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
