package org.divs.config;

import java.util.List;
import java.util.Optional;

/**
 * How the nodes of a multi-process city find each other: a Hazelcast cluster joined over TCP-IP
 * with every member listed (never multicast).
 *
 * @param name cluster name; nodes of another name never join
 * @param heartbeatSeconds Hazelcast heartbeat interval
 * @param maxNoHeartbeatSeconds a member silent this long is dropped
 * @param nodes every node with its addresses
 */
public record ClusterSpec(
    String name, int heartbeatSeconds, int maxNoHeartbeatSeconds, List<Node> nodes) {
  /** Defensive copy of the node list. */
  public ClusterSpec {
    nodes = List.copyOf(nodes);
  }

  /**
   * One node (JVM) of the cluster.
   *
   * @param name the node name units are placed on
   * @param host the interface it binds Hazelcast and the event bus to
   * @param port its Hazelcast port
   * @param busPort its event-bus port (0 = any free port)
   * @param publicHost the address other nodes reach it at (default: host)
   */
  public record Node(String name, String host, int port, int busPort, String publicHost) {}

  /** The node named {@code name}. */
  public Optional<Node> node(String name) {
    return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
  }

  /** Every member as {@code host:port}, for the TCP-IP join. */
  public List<String> members() {
    return nodes.stream().map(n -> n.publicHost() + ":" + n.port()).toList();
  }
}
