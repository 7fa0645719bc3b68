package org.divs.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.divs.source.TrafficProfile;

/**
 * The checks a JSON schema cannot express: unique ids, a tree rooted at the cloud, terminals on
 * street edges. Plain Java over the parsed records; every fault found is returned, with the JSON
 * Pointer of the offending value.
 */
public final class TopologyRules {

  private TopologyRules() {}

  /**
   * Checks a topology.
   *
   * @param cloud the root
   * @param edges the edges, in config order (paths {@code /edges/i})
   * @param terminals the terminals, in config order (paths {@code /terminals/i})
   * @param tasks the tasks, in config order (paths {@code /tasks/i})
   * @return every fault found, empty when the topology is sound
   */
  public static List<ConfigFault> check(
      CloudSpec cloud, List<EdgeSpec> edges, List<TerminalSpec> terminals, List<TaskSpec> tasks) {
    List<ConfigFault> faults = new ArrayList<>();
    Map<String, String> unitIds = new HashMap<>();
    unique(unitIds, "id", "/cloud/id", cloud.id(), faults);
    for (int i = 0; i < edges.size(); i++) {
      unique(unitIds, "id", "/edges/" + i + "/id", edges.get(i).id(), faults);
    }
    for (int i = 0; i < terminals.size(); i++) {
      unique(unitIds, "id", "/terminals/" + i + "/id", terminals.get(i).id(), faults);
    }
    Map<String, String> taskIds = new HashMap<>();
    for (int i = 0; i < tasks.size(); i++) {
      unique(taskIds, "task id", "/tasks/" + i + "/id", tasks.get(i).id(), faults);
    }

    Map<String, String> parents = new LinkedHashMap<>();
    edges.forEach(e -> parents.putIfAbsent(e.id(), e.parent()));
    for (int i = 0; i < edges.size(); i++) {
      String parent = edges.get(i).parent();
      if (!parent.equals(cloud.id()) && !parents.containsKey(parent)) {
        faults.add(
            new ConfigFault(
                "/edges/" + i + "/parent",
                "unknown parent \""
                    + parent
                    + "\": a parent is the cloud \""
                    + cloud.id()
                    + "\" or an edge"));
      }
    }
    faults.addAll(cycles(edges, parents));

    Set<String> withChildren = new HashSet<>(parents.values());
    for (int i = 0; i < terminals.size(); i++) {
      String edge = terminals.get(i).edge();
      String path = "/terminals/" + i + "/edge";
      if (edge.equals(cloud.id())) {
        faults.add(
            new ConfigFault(path, "\"" + edge + "\" is the cloud; terminals sit on street edges"));
      } else if (!parents.containsKey(edge)) {
        faults.add(new ConfigFault(path, "unknown edge \"" + edge + "\""));
      } else if (withChildren.contains(edge)) {
        faults.add(
            new ConfigFault(
                path,
                "edge \""
                    + edge
                    + "\" has child edges; terminals sit on street edges (edges without"
                    + " children)"));
      }
    }
    for (int i = 0; i < terminals.size(); i++) {
      faults.addAll(terminalRules("/terminals/" + i, terminals.get(i)));
    }
    for (int i = 0; i < tasks.size(); i++) {
      faults.addAll(heldOutRules("/tasks/" + i + "/heldOut", tasks.get(i), terminals));
    }
    return faults;
  }

  /**
   * A task's held-out rows: each row range not empty, and, for an {@code lstm} task, none of them
   * replayed by a training {@code flow} terminal of the same CSV and column (held-out data is never
   * streamed).
   */
  private static List<ConfigFault> heldOutRules(
      String at, TaskSpec task, List<TerminalSpec> terminals) {
    List<ConfigFault> faults = new ArrayList<>();
    if (task.heldOut().isEmpty()) {
      return faults;
    }
    TaskSpec.HeldOut h = task.heldOut().get();
    List<Map.Entry<String, TaskSpec.Part>> parts = new ArrayList<>();
    parts.add(Map.entry(at, h.test()));
    h.validation().ifPresent(v -> parts.add(Map.entry(at + "/validation", v)));
    for (Map.Entry<String, TaskSpec.Part> e : parts) {
      TaskSpec.Part p = e.getValue();
      if (p.toRow() != 0 && p.toRow() <= p.fromRow()) {
        faults.add(
            new ConfigFault(
                e.getKey() + "/toRow",
                "the rows [" + p.fromRow() + ", " + p.toRow() + ") are empty"));
        continue;
      }
      if (task.model() != TaskSpec.Model.LSTM) {
        continue;
      }
      for (TerminalSpec t : terminals) {
        SourceSpec s = t.source();
        SourceSpec.Flow f = s.flow();
        if (s.type() == SourceSpec.Type.FLOW
            && s.train()
            && s.path().filter(p.path()::equals).isPresent()
            && f.column().equals(p.column())
            && overlaps(f.fromRow(), f.toRow(), p.fromRow(), p.toRow())) {
          faults.add(
              new ConfigFault(
                  e.getKey() + "/fromRow",
                  "held-out rows ["
                      + p.fromRow()
                      + ", "
                      + (p.toRow() == 0 ? "end" : p.toRow())
                      + ") of column \""
                      + p.column()
                      + "\" overlap the rows terminal \""
                      + t.id()
                      + "\" streams for training"));
        }
      }
    }
    return faults;
  }

  /** Whether row ranges [a, b) and [c, d) overlap, 0 as an end meaning the end of the file. */
  private static boolean overlaps(int a, int b, int c, int d) {
    long endAb = b == 0 ? Long.MAX_VALUE : b;
    long endCd = d == 0 ? Long.MAX_VALUE : d;
    return a < endCd && c < endAb;
  }

  /**
   * A terminal's own rules: a synthetic profile's peak rate a road can take, windows at least a
   * stride long, the longest ack wait at least the first, a non-empty counting segment, square
   * frames for an {@code images} source.
   */
  private static List<ConfigFault> terminalRules(String at, TerminalSpec t) {
    List<ConfigFault> faults = new ArrayList<>();
    SourceSpec s = t.source();
    if (s.type() == SourceSpec.Type.SYNTHETIC
        && s.path().isPresent()
        && s.rate() > TrafficProfile.MAX_PEAK) {
      faults.add(
          new ConfigFault(
              at + "/source/rate",
              s.rate()
                  + " vehicles/s is above the busiest rate a road takes ("
                  + TrafficProfile.MAX_PEAK
                  + "); with a profile CSV the rate is the peak"));
    }
    if (t.window().lengthMs() < t.window().strideMs()) {
      faults.add(
          new ConfigFault(
              at + "/window/lengthMs",
              t.window().lengthMs()
                  + " ms is shorter than the stride "
                  + t.window().strideMs()
                  + " ms; windows are at least one stride long"));
    }
    if (t.delivery().maxWaitMs() < t.delivery().timeoutMs()) {
      faults.add(
          new ConfigFault(
              at + "/delivery/maxWaitMs",
              t.delivery().maxWaitMs()
                  + " ms is less than timeoutMs "
                  + t.delivery().timeoutMs()
                  + " ms"));
    }
    t.source()
        .line()
        .filter(l -> l.to() <= l.from())
        .ifPresent(
            l ->
                faults.add(
                    new ConfigFault(
                        at + "/source/line/to",
                        "the counting segment [" + l.from() + ", " + l.to() + ") is empty")));
    if (t.source().type() == SourceSpec.Type.IMAGES && t.frame().width() != t.frame().height()) {
      faults.add(
          new ConfigFault(
              at + "/frame",
              "an images source sends square frames; width "
                  + t.frame().width()
                  + " and height "
                  + t.frame().height()
                  + " differ"));
    }
    return faults;
  }

  private static void unique(
      Map<String, String> seen, String what, String path, String id, List<ConfigFault> faults) {
    String first = seen.putIfAbsent(id, path);
    if (first != null) {
      faults.add(
          new ConfigFault(path, "duplicate " + what + " \"" + id + "\", first used at " + first));
    }
  }

  /** One fault per cycle of parent links, at the parent of its first member in config order. */
  private static List<ConfigFault> cycles(List<EdgeSpec> edges, Map<String, String> parents) {
    List<ConfigFault> faults = new ArrayList<>();
    Set<String> done = new HashSet<>();
    for (String start : parents.keySet()) {
      List<String> walk = new ArrayList<>();
      String at = start;
      while (at != null && !done.contains(at) && !walk.contains(at)) {
        walk.add(at);
        at = parents.get(at);
      }
      if (at != null && walk.contains(at)) {
        List<String> cycle = walk.subList(walk.indexOf(at), walk.size());
        int first = cycle.stream().mapToInt(id -> indexOf(edges, id)).min().orElseThrow();
        String from = edges.get(first).id();
        int rotate = cycle.indexOf(from);
        List<String> ordered = new ArrayList<>(cycle.subList(rotate, cycle.size()));
        ordered.addAll(cycle.subList(0, rotate));
        ordered.add(from);
        faults.add(
            new ConfigFault(
                "/edges/" + first + "/parent",
                "cycle among edges: "
                    + ordered.stream()
                        .map(id -> "\"" + id + "\"")
                        .collect(Collectors.joining(" -> "))
                    + " (each the parent of the one before); no path reaches the cloud"));
      }
      done.addAll(walk);
    }
    return faults;
  }

  private static int indexOf(List<EdgeSpec> edges, String id) {
    for (int i = 0; i < edges.size(); i++) {
      if (edges.get(i).id().equals(id)) {
        return i;
      }
    }
    throw new IllegalStateException("no edge " + id);
  }

  /**
   * The cluster rules: node names unique, every node a unit is placed on listed, the no-heartbeat
   * timeout above the heartbeat and below the round deadline.
   */
  public static List<ConfigFault> checkCluster(
      ClusterSpec cluster,
      CloudSpec cloud,
      List<EdgeSpec> edges,
      List<TerminalSpec> terminals,
      SyncSpec sync) {
    List<ConfigFault> faults = new ArrayList<>();
    Map<String, String> names = new HashMap<>();
    for (int i = 0; i < cluster.nodes().size(); i++) {
      unique(
          names,
          "node name",
          "/cluster/nodes/" + i + "/name",
          cluster.nodes().get(i).name(),
          faults);
    }
    listed(names, "/cloud/node", cloud.node(), faults);
    for (int i = 0; i < edges.size(); i++) {
      listed(names, "/edges/" + i + "/node", edges.get(i).node(), faults);
    }
    for (int i = 0; i < terminals.size(); i++) {
      listed(names, "/terminals/" + i + "/node", terminals.get(i).node(), faults);
    }
    if (cluster.maxNoHeartbeatSeconds() <= cluster.heartbeatSeconds()) {
      faults.add(
          new ConfigFault(
              "/cluster/maxNoHeartbeatSeconds",
              cluster.maxNoHeartbeatSeconds()
                  + " must exceed heartbeatSeconds "
                  + cluster.heartbeatSeconds()));
    }
    if (sync.deadlineMs() <= cluster.maxNoHeartbeatSeconds() * 1000L) {
      faults.add(
          new ConfigFault(
              "/sync/deadlineMs",
              sync.deadlineMs()
                  + " ms must exceed cluster.maxNoHeartbeatSeconds ("
                  + cluster.maxNoHeartbeatSeconds()
                  + " s), so a dead node is dropped before the round deadline"));
    }
    return faults;
  }

  private static void listed(
      Map<String, String> names, String path, String node, List<ConfigFault> faults) {
    if (!names.containsKey(node)) {
      faults.add(
          new ConfigFault(
              path,
              "node \""
                  + node
                  + "\" is not in cluster.nodes "
                  + new java.util.TreeSet<>(names.keySet())));
    }
  }
}
