package org.divs.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A validated city: the cloud, the edge tree, the terminals, the tasks, round sync and the console,
 * with every default applied. Immutable; built by {@link TopologyLoader}, which checks the schema,
 * and by the constructor, which checks {@link TopologyRules}: ids are unique, the edges form a tree
 * under the cloud and terminals sit on street edges.
 *
 * <p>The cloud is level 0, an edge whose parent is the cloud is level 1, its children level 2, and
 * so on. A street edge is an edge without child edges; the others are aggregators. Tree lookups
 * answer with ids, listings with specs, both in config order.
 */
public final class Topology {

  private final String json;
  private final String configHash;
  private final String name;
  private final long seed;
  private final CloudSpec cloud;
  private final List<EdgeSpec> edges;
  private final List<TerminalSpec> terminals;
  private final List<TaskSpec> tasks;
  private final SyncSpec sync;
  private final MigrationSpec migration;
  private final ConsoleSpec console;
  private final Optional<ClusterSpec> cluster;
  private final Map<String, EdgeSpec> edgesById;
  private final Map<String, TerminalSpec> terminalsById;
  private final Map<String, TaskSpec> tasksById;
  private final Map<String, List<String>> children;

  /**
   * Builds a topology after checking {@link TopologyRules}.
   *
   * @throws ConfigException listing every rule the topology breaks
   */
  Topology(
      String json,
      String name,
      long seed,
      CloudSpec cloud,
      List<EdgeSpec> edges,
      List<TerminalSpec> terminals,
      List<TaskSpec> tasks,
      SyncSpec sync,
      MigrationSpec migration,
      ConsoleSpec console,
      Optional<ClusterSpec> cluster) {
    List<ConfigFault> faults = new ArrayList<>(TopologyRules.check(cloud, edges, terminals, tasks));
    cluster.ifPresent(
        c -> faults.addAll(TopologyRules.checkCluster(c, cloud, edges, terminals, sync)));
    if (!faults.isEmpty()) {
      throw new ConfigException(faults);
    }
    this.json = json;
    this.configHash = sha256(json);
    this.name = name;
    this.seed = seed;
    this.cloud = cloud;
    this.edges = List.copyOf(edges);
    this.terminals = List.copyOf(terminals);
    this.tasks = List.copyOf(tasks);
    this.sync = sync;
    this.migration = migration;
    this.console = console;
    this.cluster = cluster;
    this.edgesById = index(this.edges, EdgeSpec::id);
    this.terminalsById = index(this.terminals, TerminalSpec::id);
    this.tasksById = index(this.tasks, TaskSpec::id);
    this.children =
        this.edges.stream()
            .collect(
                Collectors.groupingBy(
                    EdgeSpec::parent,
                    Collectors.mapping(EdgeSpec::id, Collectors.toUnmodifiableList())));
  }

  /** Returns the display name of the topology. */
  public String name() {
    return name;
  }

  /** Returns the seed every seeded choice derives from. */
  public long seed() {
    return seed;
  }

  /** Returns the cloud, the root of the tree. */
  public CloudSpec cloud() {
    return cloud;
  }

  /** Returns every edge, in config order. */
  public List<EdgeSpec> edges() {
    return edges;
  }

  /** Returns every terminal, in config order. */
  public List<TerminalSpec> terminals() {
    return terminals;
  }

  /** Returns every task, in config order. */
  public List<TaskSpec> tasks() {
    return tasks;
  }

  /** Returns the round settings. */
  public SyncSpec sync() {
    return sync;
  }

  /** Returns the dynamic data migration settings. */
  public MigrationSpec migration() {
    return migration;
  }

  /** The cluster settings, when the city runs over several nodes. */
  public Optional<ClusterSpec> cluster() {
    return cluster;
  }

  /** Returns the console settings. */
  public ConsoleSpec console() {
    return console;
  }

  /**
   * Returns the edge with this id.
   *
   * @throws NoSuchElementException if there is none
   */
  public EdgeSpec edge(String id) {
    return find(edgesById, "edge", id);
  }

  /**
   * Returns the terminal with this id.
   *
   * @throws NoSuchElementException if there is none
   */
  public TerminalSpec terminal(String id) {
    return find(terminalsById, "terminal", id);
  }

  /**
   * Returns the task with this id.
   *
   * @throws NoSuchElementException if there is none
   */
  public TaskSpec task(String id) {
    return find(tasksById, "task", id);
  }

  /** Returns the ids of the edges whose parent is {@code id} (the cloud or an edge). */
  public List<String> childrenOf(String id) {
    return children.getOrDefault(id, List.of());
  }

  /**
   * Returns the unit one level up: an edge's parent, a terminal's edge, nothing for the cloud.
   *
   * @throws NoSuchElementException if {@code id} is no unit of this topology
   */
  public Optional<String> parentOf(String id) {
    if (id.equals(cloud.id())) {
      return Optional.empty();
    }
    if (terminalsById.containsKey(id)) {
      return Optional.of(terminalsById.get(id).edge());
    }
    return Optional.of(edge(id).parent());
  }

  /**
   * Returns the level of an edge: 1 under the cloud, one more per edge above it; 0 for the cloud.
   *
   * @throws NoSuchElementException if {@code id} is neither the cloud nor an edge
   */
  public int levelOf(String id) {
    int level = 0;
    for (String at = id; !at.equals(cloud.id()); at = edge(at).parent()) {
      level++;
    }
    return level;
  }

  /**
   * Returns whether an edge is a street edge (has no child edges).
   *
   * @throws NoSuchElementException if there is no such edge
   */
  public boolean isStreet(String edgeId) {
    edge(edgeId);
    return !children.containsKey(edgeId);
  }

  /** Returns the street edges (leaves), in config order. */
  public List<EdgeSpec> streetEdges() {
    return edges.stream().filter(e -> isStreet(e.id())).toList();
  }

  /** Returns the edges with child edges, in config order. */
  public List<EdgeSpec> aggregators() {
    return edges.stream().filter(e -> !isStreet(e.id())).toList();
  }

  /** Returns the terminals streaming to an edge, in config order (empty for an aggregator). */
  public List<TerminalSpec> terminalsOf(String edgeId) {
    return terminals.stream().filter(t -> t.edge().equals(edgeId)).toList();
  }

  /**
   * Returns the ids of the street edges in the subtree of {@code id} (the cloud or an edge; a
   * street edge's subtree is itself), in config order.
   *
   * @throws NoSuchElementException if {@code id} is neither the cloud nor an edge
   */
  public List<String> leavesUnder(String id) {
    if (!id.equals(cloud.id())) {
      edge(id);
    }
    List<String> leaves = new ArrayList<>();
    for (EdgeSpec street : streetEdges()) {
      String at = street.id();
      while (!at.equals(id) && !at.equals(cloud.id())) {
        at = edgesById.get(at).parent();
      }
      if (at.equals(id)) {
        leaves.add(street.id());
      }
    }
    return leaves;
  }

  /**
   * Returns the config as compact JSON, as written (defaults not added); what verticles receive and
   * {@link TopologyLoader#parse} reads back.
   */
  public String json() {
    return json;
  }

  /** Returns the hex SHA-256 of {@link #json()}, recorded in checkpoints. */
  public String configHash() {
    return configHash;
  }

  @Override
  public String toString() {
    return "Topology[" + name + ", " + configHash.substring(0, 12) + "]";
  }

  private static <T> Map<String, T> index(List<T> specs, Function<T, String> id) {
    return specs.stream().collect(Collectors.toUnmodifiableMap(id, Function.identity()));
  }

  private static <T> T find(Map<String, T> byId, String what, String id) {
    T found = byId.get(id);
    if (found == null) {
      throw new NoSuchElementException("no " + what + " \"" + id + "\" in this topology");
    }
    return found;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
