package org.divs.node;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.divs.config.Topology;
import org.divs.deploy.Deployer;
import org.divs.deploy.Unit;

/**
 * Which topology nodes are in the cluster, folded from the cluster manager's member events.
 *
 * <p>A cluster member is known by its cluster node id. It is added first; a moment later (once its
 * event bus is up) its node info names the topology node it runs, and only then does the node count
 * as joined. A node counts as joined while at least one member bearing its name is in the cluster,
 * so a restarted node whose new member arrives before the old one is dropped joins once and leaves
 * only when its last member leaves. A name given by a member that already left is ignored. Plain
 * Java: {@link MembersVerticle} feeds it and publishes the changes.
 */
final class Membership {
  /** A node's state in the cluster. */
  enum State {
    JOINED,
    LEFT;

    /** The console's word for it. */
    String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * A node joined or left the cluster.
   *
   * @param node the topology node name
   * @param state joined or left
   * @param member the cluster node id whose arrival or departure made the change
   * @param units the units the topology places on the node (empty for a name it does not know)
   */
  record Change(String node, State state, String member, List<String> units) {}

  private final Map<String, List<String>> unitsByNode;
  private final Set<String> unnamed = new LinkedHashSet<>();
  private final Map<String, String> names = new HashMap<>();

  /** Membership for nodes hosting {@code unitsByNode} (node name to unit ids). */
  Membership(Map<String, List<String>> unitsByNode) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    unitsByNode.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    this.unitsByNode = copy;
  }

  /** Membership for the nodes of {@code t}, each with the units placed on it. */
  static Membership of(Topology t) {
    Map<String, List<String>> byNode = new LinkedHashMap<>();
    for (Unit u : Deployer.units(t)) {
      byNode.computeIfAbsent(u.node(), k -> new ArrayList<>()).add(u.id());
    }
    return new Membership(byNode);
  }

  /** A member joined the cluster, its name still unknown; false when it was already known. */
  boolean added(String member) {
    return !names.containsKey(member) && unnamed.add(member);
  }

  /** Whether {@code member} is in the cluster and has not named its node yet. */
  boolean awaitingName(String member) {
    return unnamed.contains(member);
  }

  /**
   * Member {@code member} runs node {@code node}: the change when no member of that name was in the
   * cluster; nothing when the member had left (or was never added) or was named already.
   */
  Optional<Change> named(String member, String node) {
    if (!unnamed.remove(member)) {
      return Optional.empty();
    }
    boolean present = names.containsValue(node);
    names.put(member, node);
    return present ? Optional.empty() : Optional.of(change(node, State.JOINED, member));
  }

  /** Member {@code member} left: the change when it was the last member of its node. */
  Optional<Change> left(String member) {
    unnamed.remove(member);
    String node = names.remove(member);
    if (node == null || names.containsValue(node)) {
      return Optional.empty();
    }
    return Optional.of(change(node, State.LEFT, member));
  }

  /** Whether the topology places units on {@code node}. */
  boolean placed(String node) {
    return unitsByNode.containsKey(node);
  }

  /** The nodes now in the cluster (named by at least one member), in topology order first. */
  List<String> joined() {
    Set<String> present = new LinkedHashSet<>();
    unitsByNode.keySet().stream().filter(names::containsValue).forEach(present::add);
    present.addAll(names.values());
    return List.copyOf(present);
  }

  private Change change(String node, State state, String member) {
    return new Change(node, state, member, unitsByNode.getOrDefault(node, List.of()));
  }
}
