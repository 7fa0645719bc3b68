package org.divs.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("config/README.md: keeps up with the schema")
class ConfigReadmeTest {

  private static String readme;

  @BeforeAll
  static void read() throws IOException {
    readme = Files.readString(Configs.README);
  }

  /** Every key of the schema as {@code edges[].store.capacity}, with its default or null. */
  private static Map<String, Object> schemaKeys(JsonObject schema, String prefix) {
    Map<String, Object> keys = new TreeMap<>();
    JsonObject properties = schema.getJsonObject("properties", new JsonObject());
    for (String key : properties.fieldNames()) {
      JsonObject property = properties.getJsonObject(key);
      keys.put(prefix + key, property.getValue("default"));
      keys.putAll(schemaKeys(property, prefix + key + "."));
      if (property.containsKey("items")) {
        keys.putAll(schemaKeys(property.getJsonObject("items"), prefix + key + "[]."));
      }
    }
    return keys;
  }

  /** Every key used in a config, named like {@link #schemaKeys}; arrays of strings are leaves. */
  private static Set<String> usedKeys(Object json, String prefix) {
    Set<String> keys = new TreeSet<>();
    if (json instanceof JsonObject object) {
      for (String key : object.fieldNames()) {
        keys.add(prefix + key);
        keys.addAll(usedKeys(object.getValue(key), prefix + key + "."));
      }
    } else if (json instanceof JsonArray array) {
      String items = prefix.substring(0, prefix.length() - 1) + "[].";
      array.forEach(item -> keys.addAll(usedKeys(item, items)));
    }
    return keys;
  }

  private static String row(String key) {
    return readme
        .lines()
        .filter(line -> line.startsWith("| `" + key + "` |"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("README has no row for `" + key + "`"));
  }

  private static String fullExample() {
    String marker = "<!-- full-example";
    int start = readme.indexOf("```json\n", readme.indexOf(marker)) + "```json\n".length();
    return readme.substring(start, readme.indexOf("```", start));
  }

  @Test
  @DisplayName("every schema key has a row, and its default is the schema's")
  void everyKeyDocumented() {
    Map<String, Object> keys = schemaKeys(TopologyLoader.schema(), "");
    assertThat(keys).containsKeys("sync.quorum", "edges[].store.capacity");
    keys.forEach(
        (key, fallback) -> {
          String defaultCell = row(key).split("\\|")[3].strip();
          if (fallback != null) {
            assertThat(defaultCell).as(key).isEqualTo("`" + Json.encode(fallback) + "`");
          }
        });
  }

  @Test
  @DisplayName("the full example is valid and uses every key")
  void fullExampleUsesEveryKey() {
    String example = fullExample();
    Topology topology = TopologyLoader.parse(example);

    assertThat(topology.tasks()).hasSize(2);
    assertThat(usedKeys(Json.decodeValue(example), ""))
        .isEqualTo(schemaKeys(TopologyLoader.schema(), "").keySet());
  }
}
