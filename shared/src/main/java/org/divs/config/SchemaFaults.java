package org.divs.config;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import io.vertx.json.schema.OutputUnit;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns vertx-json-schema's {@code Basic} output into one readable fault per fault.
 *
 * <p>The Basic output is a flat list that also holds a summary line for every schema that applies
 * subschemas ({@code properties}, {@code items}, {@code $ref}, {@code if}) and, in 5.0.x, an {@code
 * additionalProperties} line for every declared key whose value failed. Those are dropped: a
 * summary always comes with the specific line under it, and a real unknown key has no other line at
 * its location. Each remaining line is worded from the keyword, its value in the schema and the
 * offending value in the config.
 */
final class SchemaFaults {

  private static final Set<String> SUMMARY_KEYWORDS =
      Set.of("properties", "items", "prefixItems", "$ref", "if", "then", "else", "allOf");
  private static final String UNKNOWN_KEY = "additionalProperties";
  private static final int MAX_SHOWN = 60;

  private final JsonObject schema;
  private final Object config;

  private SchemaFaults(JsonObject schema, Object config) {
    this.schema = schema;
    this.config = config;
  }

  /** Returns the faults of a validation result, empty when it is valid. */
  static List<ConfigFault> of(OutputUnit result, JsonObject schema, Object config) {
    if (Boolean.TRUE.equals(result.getValid())) {
      return List.of();
    }
    List<OutputUnit> errors = result.getErrors() == null ? List.of(result) : result.getErrors();
    SchemaFaults words = new SchemaFaults(schema, config);
    Set<ConfigFault> faults = new LinkedHashSet<>();
    for (OutputUnit error : errors) {
      String keyword = keyword(error);
      if (!SUMMARY_KEYWORDS.contains(keyword)
          && !(keyword.equals(UNKNOWN_KEY) && failedInside(error, errors))) {
        faults.addAll(words.describe(keyword, error));
      }
    }
    if (faults.isEmpty()) {
      faults.add(new ConfigFault("", "does not match the schema: " + result.getError()));
    }
    return List.copyOf(faults);
  }

  private static String keyword(OutputUnit error) {
    String location = error.getKeywordLocation();
    return location == null ? "" : location.substring(location.lastIndexOf('/') + 1);
  }

  /** Whether a declared key's own schema reported this location (the spurious unknown key). */
  private static boolean failedInside(OutputUnit unknown, List<OutputUnit> errors) {
    return errors.stream()
        .anyMatch(
            e ->
                !keyword(e).equals(UNKNOWN_KEY)
                    && e.getInstanceLocation().equals(unknown.getInstanceLocation()));
  }

  private List<ConfigFault> describe(String keyword, OutputUnit error) {
    String path = pointer(error.getInstanceLocation());
    Object value = JsonPointer.from(path).queryJson(config);
    String fragment = pointer(error.getAbsoluteKeywordLocation());
    Object rule = JsonPointer.from(fragment).queryJson(schema);
    if (keyword.equals("required")) {
      return missing(path, (JsonObject) value, (JsonArray) rule);
    }
    String shown = show(value);
    String message =
        switch (keyword) {
          case UNKNOWN_KEY ->
              "unknown key " + show(lastKey(path)) + "; allowed: " + allowed(fragment);
          case "type" -> shown + " is not of type " + list(rule, " or ");
          case "enum" -> shown + " is not one of " + list(rule, ", ");
          case "const" -> shown + " is not " + show(rule);
          case "minimum" -> shown + " is less than the minimum " + show(rule);
          case "maximum" -> shown + " is greater than the maximum " + show(rule);
          case "exclusiveMinimum" -> shown + " is not greater than " + show(rule);
          case "exclusiveMaximum" -> shown + " is not less than " + show(rule);
          case "minItems" ->
              "has " + ((JsonArray) value).size() + " item(s), needs at least " + rule;
          case "minLength" -> shown + " is shorter than " + rule + " character(s)";
          case "pattern" -> shown + " does not match the pattern " + rule;
          case "uniqueItems" -> "items must be unique: " + duplicates((JsonArray) value);
          default -> error.getError();
        };
    return List.of(new ConfigFault(path, message));
  }

  /** One fault per required key the object lacks, at the path the key would have. */
  private static List<ConfigFault> missing(String path, JsonObject object, JsonArray required) {
    return required.stream()
        .map(String.class::cast)
        .filter(key -> !object.containsKey(key))
        .map(key -> new ConfigFault(child(path, key), "required key " + show(key) + " is missing"))
        .toList();
  }

  /** The keys the schema declares beside the {@code additionalProperties} at this fragment. */
  private String allowed(String fragment) {
    JsonObject owner = (JsonObject) JsonPointer.from(fragment).parent().queryJson(schema);
    return String.join(", ", owner.getJsonObject("properties").fieldNames());
  }

  private static String duplicates(JsonArray items) {
    Set<Object> seen = new LinkedHashSet<>();
    return items.stream()
        .filter(item -> !seen.add(item))
        .distinct()
        .map(SchemaFaults::show)
        .collect(Collectors.joining(", ", "", " more than once"));
  }

  private static String list(Object rule, String separator) {
    if (rule instanceof JsonArray options) {
      return options.stream().map(SchemaFaults::show).collect(Collectors.joining(separator));
    }
    return String.valueOf(rule);
  }

  /** A config value as JSON, shortened when long. */
  private static String show(Object value) {
    String json = Json.encode(value);
    return json.length() <= MAX_SHOWN ? json : json.substring(0, MAX_SHOWN) + "...";
  }

  /** The JSON Pointer in a URI fragment such as {@code #/terminals/0/a%20b}; "" for the root. */
  private static String pointer(String uri) {
    if (uri == null) {
      return "";
    }
    try {
      String fragment = new URI(uri).getFragment();
      return fragment == null ? "" : fragment;
    } catch (URISyntaxException e) {
      return uri.substring(uri.indexOf('#') + 1);
    }
  }

  private static String lastKey(String path) {
    return path.substring(path.lastIndexOf('/') + 1).replace("~1", "/").replace("~0", "~");
  }

  private static String child(String path, String key) {
    return path + "/" + key.replace("~", "~0").replace("/", "~1");
  }
}
