package org.divs.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.divs.sync.WeightEncoding;
import org.divs.sync.Weighting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a topology config: JSON syntax, then the schema ({@code topology-schema.json}: keys, types,
 * ranges, defaults), then {@link TopologyRules} (ids, the tree), each stage only when the one
 * before passed, every fault of a stage collected.
 */
public final class TopologyLoader {

  /** Classpath location of the JSON schema. */
  public static final String SCHEMA_RESOURCE = "/org/divs/config/topology-schema.json";

  private static final Logger LOG = LoggerFactory.getLogger(TopologyLoader.class);
  private static final JsonObject SCHEMA = readSchema();
  private static final Validator VALIDATOR =
      Validator.create(
          JsonSchema.of(SCHEMA),
          new JsonSchemaOptions()
              .setDraft(Draft.DRAFT202012)
              .setBaseUri(SCHEMA.getString("$id"))
              .setOutputFormat(OutputFormat.Basic));
  private static final Pattern LINE_COLUMN = Pattern.compile("line: (\\d+), column: (\\d+)");

  private TopologyLoader() {}

  /**
   * Parses and validates a config.
   *
   * @param json the config text
   * @return the topology, defaults applied
   * @throws ConfigException listing every fault of the first stage that failed
   */
  public static Topology parse(String json) {
    Object config = decode(json);
    List<ConfigFault> faults = SchemaFaults.of(VALIDATOR.validate(config), SCHEMA, config);
    if (!faults.isEmpty()) {
      throw new ConfigException(faults);
    }
    JsonObject root = (JsonObject) config;
    Topology topology = build(root.encode(), new ConfigNode(root, SCHEMA));
    LOG.debug("Parsed topology {}", topology);
    return topology;
  }

  /**
   * Reads, parses and validates a config file.
   *
   * @param file the config file (UTF-8)
   * @return the topology, defaults applied
   * @throws ConfigException if the file cannot be read or the config is invalid
   */
  public static Topology load(Path file) {
    String json;
    try {
      json = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException(List.of(new ConfigFault("", "cannot read " + file + ": " + e)));
    }
    Topology topology = parse(json);
    LOG.info(
        "Loaded topology {} from {}: {} edges, {} terminals, {} tasks",
        topology,
        file,
        topology.edges().size(),
        topology.terminals().size(),
        topology.tasks().size());
    return topology;
  }

  /** Returns a copy of the JSON schema every config is checked against. */
  public static JsonObject schema() {
    return SCHEMA.copy();
  }

  private static Object decode(String json) {
    if (json.isBlank()) {
      throw new ConfigException(List.of(new ConfigFault("", "the config is empty")));
    }
    try {
      return Json.decodeValue(json);
    } catch (DecodeException e) {
      throw new ConfigException(List.of(new ConfigFault("", syntax(e.getMessage()))));
    }
  }

  /** The parser's message without its source excerpt, led by the line and column if given. */
  private static String syntax(String message) {
    String first =
        message.lines().findFirst().orElse(message).replaceFirst("^Failed to decode:", "");
    String cause = "invalid JSON: " + first.replaceAll("\\s*\\(start marker at \\[.*", "").strip();
    Matcher at = LINE_COLUMN.matcher(message);
    String position = null;
    while (at.find()) {
      position = "line " + at.group(1) + ", column " + at.group(2) + ": ";
    }
    return position == null ? cause : position + cause;
  }

  private static Topology build(String json, ConfigNode root) {
    long seed = root.integer("seed");
    ConfigNode cloud = root.object("cloud");
    ConfigNode sync = root.object("sync");
    ConfigNode console = root.object("console");
    ConfigNode migration = root.object("migration");
    return new Topology(
        json,
        root.string("name"),
        seed,
        new CloudSpec(cloud.string("id"), cloud.string("node"), cloud.string("checkpoints")),
        root.objects("edges").stream().map(TopologyLoader::edge).toList(),
        root.objects("terminals").stream().map(t -> terminal(t, seed)).toList(),
        root.objects("tasks").stream().map(TopologyLoader::task).toList(),
        new SyncSpec(
            sync.choice("weighting", Weighting.class),
            sync.int32("batchesPerEpoch"),
            sync.int32("minibatch"),
            sync.integer("deadlineMs"),
            sync.number("quorum"),
            sync.int32("retries"),
            sync.number("epsilon"),
            sync.int32("steadyRounds"),
            sync.integer("maxRounds"),
            WeightEncoding.fromConfig(sync.object("compression").string("up")),
            WeightEncoding.fromConfig(sync.object("compression").string("down")),
            sync.bool("startAfterStreams")),
        new MigrationSpec(
            migration.bool("enabled"),
            migration.integer("periodMs"),
            migration.number("thetaMs"),
            migration.integer("xi"),
            migration.int32("batchFrames")),
        new ConsoleSpec(console.string("host"), console.int32("port"), console.optString("token")),
        root.has("cluster") ? Optional.of(cluster(root.object("cluster"))) : Optional.empty());
  }

  private static ClusterSpec cluster(ConfigNode c) {
    return new ClusterSpec(
        c.string("name"),
        c.int32("heartbeatSeconds"),
        c.int32("maxNoHeartbeatSeconds"),
        c.objects("nodes").stream()
            .map(
                n ->
                    new ClusterSpec.Node(
                        n.string("name"),
                        n.string("host"),
                        n.int32("port"),
                        n.int32("busPort"),
                        n.optString("publicHost").orElse(n.string("host"))))
            .toList(),
        c.has("tls") ? Optional.of(tls(c.object("tls"))) : Optional.empty());
  }

  private static ClusterSpec.Tls tls(ConfigNode t) {
    return new ClusterSpec.Tls(
        t.string("keyStore"),
        t.optString("keyStorePassword"),
        t.string("trustStore"),
        t.optString("trustStorePassword"));
  }

  private static EdgeSpec edge(ConfigNode edge) {
    String id = edge.string("id");
    ConfigNode store = edge.object("store");
    return new EdgeSpec(
        id,
        edge.string("parent"),
        edge.string("node"),
        edge.number("speed"),
        new EdgeSpec.Store(
            store.int32("capacity"),
            store.optString("dir"),
            store.bool("fsync"),
            store.choice("engine", EdgeSpec.Store.Engine.class)));
  }

  /**
   * A source without a seed gets one derived from the topology seed and the terminal id; a {@code
   * video} source without {@code fps} keeps the file's rate (fps 0).
   */
  private static TerminalSpec terminal(ConfigNode terminal, long topologySeed) {
    String id = terminal.string("id");
    ConfigNode source = terminal.object("source");
    ConfigNode frame = terminal.object("frame");
    ConfigNode window = terminal.object("window");
    ConfigNode delivery = terminal.object("delivery");
    SourceSpec.Type type = source.choice("type", SourceSpec.Type.class);
    Optional<SourceSpec.Line> line = Optional.empty();
    if (source.has("line")) {
      ConfigNode l = source.object("line");
      line =
          Optional.of(
              new SourceSpec.Line(
                  l.string("axis").equals("y"), l.number("at"), l.number("from"), l.number("to")));
    }
    return new TerminalSpec(
        id,
        terminal.string("edge"),
        terminal.string("node"),
        new SourceSpec(
            type,
            source.optString("path"),
            source.has("seed") ? source.integer("seed") : 31 * topologySeed + id.hashCode(),
            type == SourceSpec.Type.VIDEO && !source.has("fps") ? 0 : source.number("fps"),
            source.choice("pace", SourceSpec.Pace.class),
            source.bool("loop"),
            source.strings("classes"),
            source.bool("train"),
            source.integer("limit"),
            source.number("rate"),
            source.int32("subset"),
            line,
            new SourceSpec.Flow(
                source.string("column"), source.int32("fromRow"), source.int32("toRow")),
            source.number("daySeconds")),
        new TerminalSpec.Frame(frame.int32("width"), frame.int32("height")),
        new TerminalSpec.Window(window.integer("lengthMs"), window.integer("strideMs")),
        new TerminalSpec.Delivery(
            TerminalSpec.Delivery.Policy.valueOf(
                delivery.string("policy").replace('-', '_').toUpperCase(Locale.ROOT)),
            delivery.int32("inFlight"),
            delivery.int32("queue"),
            delivery.integer("timeoutMs"),
            delivery.number("backoff"),
            delivery.integer("maxWaitMs")),
        terminal.optString("stateDir"));
  }

  private static TaskSpec task(ConfigNode task) {
    return new TaskSpec(
        task.string("id"),
        task.choice("model", TaskSpec.Model.class),
        task.number("learningRate"),
        task.strings("classes"),
        task.int32("lookback"),
        task.int32("horizon"),
        task.number("countScale"),
        task.has("heldOut") ? Optional.of(heldOut(task.object("heldOut"))) : Optional.empty());
  }

  /** A task's held-out data; the validation part reads the test part's file unless it names one. */
  private static TaskSpec.HeldOut heldOut(ConfigNode h) {
    String path = h.string("path");
    String column = h.string("column");
    Optional<TaskSpec.Part> validation = Optional.empty();
    if (h.has("validation")) {
      ConfigNode v = h.object("validation");
      validation =
          Optional.of(
              new TaskSpec.Part(
                  v.optString("path").orElse(path), column, v.int32("fromRow"), v.int32("toRow")));
    }
    return new TaskSpec.HeldOut(
        new TaskSpec.Part(path, column, h.int32("fromRow"), h.int32("toRow")), validation);
  }

  private static JsonObject readSchema() {
    try (InputStream in =
        Objects.requireNonNull(
            TopologyLoader.class.getResourceAsStream(SCHEMA_RESOURCE), SCHEMA_RESOURCE)) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + SCHEMA_RESOURCE, e);
    }
  }
}
