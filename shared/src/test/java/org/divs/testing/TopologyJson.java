package org.divs.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Pieces of the topology JSON that tests build their small cities from. */
public final class TopologyJson {
  private TopologyJson() {}

  /** A {@code cnn} task {@code "cnn"} over {@code classes}. */
  public static JsonObject cnnTask(List<String> classes) {
    return new JsonObject()
        .put("id", "cnn")
        .put("model", "cnn")
        .put("classes", new JsonArray(List.copyOf(classes)));
  }
}
