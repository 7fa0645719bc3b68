package org.divs.proc;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.divs.bus.ClusterSettings;

/**
 * A small city over three nodes, for {@code divs bench cluster} and the multi-process tests: node
 * {@value #A} runs the cloud (with the console) and {@code district-1}; node {@value #B} runs
 * {@code street-1} with its cameras, node {@value #C} {@code street-2} with its cameras. Short
 * rounds: few frames per camera, two classes. {@link #json()} is the topology with its cluster
 * section; the same file runs in one JVM without {@code --node}.
 */
public final class ClusterCity {
  /** The node of the cloud and the district. */
  public static final String A = "a";

  /** The node of street-1 and its cameras. */
  public static final String B = "b";

  /** The node of street-2 and its cameras. */
  public static final String C = "c";

  /** The nodes, in start order. */
  public static final List<String> NODES = List.of(A, B, C);

  /**
   * The classes of its CNN task: two of the six, so the cloud's held-out set (100 crops a class) is
   * rendered and evaluated quickly.
   */
  public static final List<String> CLASSES = List.of("car", "truck");

  /** The street edges: street-1 on node B, street-2 on node C. */
  public static final List<String> STREETS = List.of("street-1", "street-2");

  private final String clusterName = "divs-" + UUID.randomUUID();
  private final List<String> hosts =
      new ArrayList<>(List.of("127.0.0.1", "127.0.0.1", "127.0.0.1"));
  private final List<Integer> ports;
  private final int consolePort;
  private Path checkpoints = Path.of("checkpoints");
  private int deadlineMs = 6000;
  private int maxNoHeartbeatSeconds = 5;
  private double quorum = 0.5;
  private int framesPerCamera = 200;
  private boolean oneNode;

  private ClusterCity(List<Integer> ports, int consolePort) {
    this.ports = List.copyOf(ports);
    this.consolePort = consolePort;
  }

  /** The city with free Hazelcast ports and a free console port on loopback. */
  public static ClusterCity onFreePorts() throws IOException {
    List<Integer> free = ClusterSettings.freePorts(4);
    return new ClusterCity(free.subList(0, 3), free.get(3));
  }

  /** Binds each node (Hazelcast, event bus) to its own host, e.g. an address in a namespace. */
  public ClusterCity hosts(String a, String b, String c) {
    hosts.clear();
    hosts.addAll(List.of(a, b, c));
    return this;
  }

  /** The cloud's checkpoint directory. */
  public ClusterCity checkpoints(Path dir) {
    this.checkpoints = dir;
    return this;
  }

  /** The round deadline in ms (default 6000); it must exceed the no-heartbeat timeout. */
  public ClusterCity deadlineMs(int ms) {
    this.deadlineMs = ms;
    return this;
  }

  /** Seconds of silence before Hazelcast drops a member (default 5; heartbeats every second). */
  public ClusterCity maxNoHeartbeatSeconds(int seconds) {
    this.maxNoHeartbeatSeconds = seconds;
    return this;
  }

  /** Share of the street edges that makes a round (default 0.5: one street of two). */
  public ClusterCity quorum(double q) {
    this.quorum = q;
    return this;
  }

  /** Frames each camera sends (default 200). */
  public ClusterCity framesPerCamera(int frames) {
    this.framesPerCamera = frames;
    return this;
  }

  /**
   * Places every unit on node A and makes A the only member: the same units in one clustered JVM
   * (used to record a class-data archive that holds the classes of every node).
   */
  public ClusterCity onOneNode() {
    this.oneNode = true;
    return this;
  }

  /** The console's port on node A (127.0.0.1). */
  public int consolePort() {
    return consolePort;
  }

  /** The topology JSON. */
  public JsonObject json() {
    String b = oneNode ? A : B;
    String c = oneNode ? A : C;
    JsonArray edges =
        new JsonArray().add(edge("district-1", "cloud", A)).add(street(0, b)).add(street(1, c));
    JsonArray terminals =
        new JsonArray()
            .add(camera("cam-1", STREETS.get(0), b, framesPerCamera))
            .add(camera("cam-2", STREETS.get(1), c, framesPerCamera));
    JsonArray nodes = new JsonArray();
    for (int i = 0; i < (oneNode ? 1 : NODES.size()); i++) {
      nodes.add(
          new JsonObject()
              .put("name", NODES.get(i))
              .put("host", hosts.get(i))
              .put("port", ports.get(i)));
    }
    return new JsonObject()
        .put("name", "cluster-city")
        .put("seed", 7)
        .put(
            "cloud",
            new JsonObject()
                .put("id", "cloud")
                .put("node", A)
                .put("checkpoints", checkpoints.toString()))
        .put("edges", edges)
        .put("terminals", terminals)
        .put("tasks", new JsonArray().add(cnnTask(CLASSES)))
        .put(
            "sync",
            new JsonObject()
                // One batch per epoch: a round trains on all a street holds, so it takes longer
                // than the cloud's evaluation of a global and round events do not fall behind.
                .put("batchesPerEpoch", 1)
                .put("minibatch", 8)
                .put("deadlineMs", deadlineMs)
                .put("quorum", quorum)
                .put("retries", 2))
        .put("console", new JsonObject().put("host", "127.0.0.1").put("port", consolePort))
        .put(
            "cluster",
            new JsonObject()
                .put("name", clusterName)
                .put("heartbeatSeconds", 1)
                .put("maxNoHeartbeatSeconds", maxNoHeartbeatSeconds)
                .put("nodes", nodes));
  }

  /** Writes {@link #json()} to {@code file} and returns the file. */
  public Path write(Path file) throws IOException {
    Files.writeString(file, json().encodePrettily());
    return file;
  }

  /** The JSON of a CNN task {@code cnn} over {@code classes}, learning rate 0.001. */
  public static JsonObject cnnTask(List<String> classes) {
    return new JsonObject()
        .put("id", "cnn")
        .put("model", "cnn")
        .put("learningRate", 0.001)
        .put("classes", new JsonArray(classes));
  }

  private static JsonObject edge(String id, String parent, String node) {
    return new JsonObject().put("id", id).put("parent", parent).put("node", node);
  }

  private static JsonObject street(int i, String node) {
    return edge(STREETS.get(i), "district-1", node)
        .put("store", new JsonObject().put("capacity", 2000));
  }

  /**
   * The JSON of terminal {@code id} on street {@code edge}, placed on {@code node}: a synthetic
   * camera at 2 fps sending {@code frames} frames flat out.
   */
  public static JsonObject camera(String id, String edge, String node, int frames) {
    return new JsonObject()
        .put("id", id)
        .put("edge", edge)
        .put("node", node)
        .put(
            "source",
            new JsonObject()
                .put("type", "synthetic")
                .put("fps", 2)
                .put("rate", 0.7)
                .put("pace", "max")
                .put("limit", frames));
  }
}
