package org.divs.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A JSON object of a config that has passed the schema, read beside its schema so that an absent
 * key yields the schema's {@code default}: the schema is the one place defaults are written.
 */
final class ConfigNode {

  private final JsonObject value;
  private final JsonObject schema;

  ConfigNode(JsonObject value, JsonObject schema) {
    this.value = value;
    this.schema = schema;
  }

  boolean has(String key) {
    return value.containsKey(key);
  }

  String string(String key) {
    return (String) get(key);
  }

  Optional<String> optString(String key) {
    return has(key) ? Optional.of(value.getString(key)) : Optional.empty();
  }

  long integer(String key) {
    return ((Number) get(key)).longValue();
  }

  int int32(String key) {
    return Math.toIntExact(integer(key));
  }

  double number(String key) {
    return ((Number) get(key)).doubleValue();
  }

  boolean bool(String key) {
    return (Boolean) get(key);
  }

  <E extends Enum<E>> E choice(String key, Class<E> type) {
    return Enum.valueOf(type, string(key).toUpperCase(Locale.ROOT));
  }

  List<String> strings(String key) {
    return ((JsonArray) get(key)).stream().map(String.class::cast).toList();
  }

  /** The object at {@code key}; when absent, its schema default or else an empty object. */
  ConfigNode object(String key) {
    boolean given = has(key) || property(key).containsKey("default");
    return new ConfigNode(given ? (JsonObject) get(key) : new JsonObject(), property(key));
  }

  /** The objects of the array at {@code key}, each read beside the array's item schema. */
  List<ConfigNode> objects(String key) {
    JsonObject items = property(key).getJsonObject("items");
    return ((JsonArray) get(key)).stream().map(o -> new ConfigNode((JsonObject) o, items)).toList();
  }

  private Object get(String key) {
    Object found = has(key) ? value.getValue(key) : property(key).getValue("default");
    if (found == null) {
      throw new IllegalStateException("no value and no schema default for \"" + key + "\"");
    }
    return found;
  }

  private JsonObject property(String key) {
    JsonObject property = schema.getJsonObject("properties").getJsonObject(key);
    if (property == null) {
      throw new IllegalStateException("the schema has no key \"" + key + "\"");
    }
    return property;
  }
}
