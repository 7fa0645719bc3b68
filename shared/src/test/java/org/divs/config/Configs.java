package org.divs.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import java.nio.file.Path;
import java.util.List;

/** Test configs: a minimal valid city and edits of it by JSON Pointer. */
final class Configs {

  /** The committed demo, read from the module directory Maven runs tests in. */
  static final Path DEMO = Path.of("../config/demo.json");

  /** The committed key reference. */
  static final Path README = Path.of("../config/README.md");

  /** cloud - district-1 - {street-1 (cam-1), street-2 (cam-2)}, one cnn task; no defaults set. */
  static final String MINIMAL =
      """
      {
        "cloud": {"id": "cloud"},
        "edges": [
          {"id": "district-1", "parent": "cloud"},
          {"id": "street-1", "parent": "district-1"},
          {"id": "street-2", "parent": "district-1"}
        ],
        "terminals": [
          {"id": "cam-1", "edge": "street-1", "source": {"type": "synthetic"}},
          {"id": "cam-2", "edge": "street-2", "source": {"type": "synthetic"}}
        ],
        "tasks": [{"id": "cnn", "model": "cnn", "classes": ["car", "truck"]}]
      }
      """;

  private Configs() {}

  /**
   * Returns {@link #MINIMAL} with values set: pairs of a JSON Pointer and a value; missing objects
   * on the way are created, {@code -} appends to an array.
   */
  static String with(Object... pointersAndValues) {
    JsonObject config = new JsonObject(MINIMAL);
    for (int i = 0; i < pointersAndValues.length; i += 2) {
      JsonPointer.from((String) pointersAndValues[i])
          .writeJson(config, pointersAndValues[i + 1], true);
    }
    return config.encode();
  }

  /** Returns {@link #MINIMAL} without the value at a JSON Pointer. */
  static String without(String pointer) {
    JsonObject config = new JsonObject(MINIMAL);
    JsonPointer at = JsonPointer.from(pointer);
    Object parent = at.parent().queryJson(config);
    String last = pointer.substring(pointer.lastIndexOf('/') + 1);
    if (parent instanceof JsonArray array) {
      array.remove(Integer.parseInt(last));
    } else {
      ((JsonObject) parent).remove(last);
    }
    return config.encode();
  }

  /** Returns the faults a config is rejected with; fails if it is accepted. */
  static List<ConfigFault> faultsOf(String json) {
    try {
      TopologyLoader.parse(json);
    } catch (ConfigException e) {
      return e.faults();
    }
    throw new AssertionError("config was accepted: " + json);
  }
}
