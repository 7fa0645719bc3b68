package org.divs.bus;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * How one node joins the Hazelcast cluster: TCP-IP join with listed members, never multicast.
 *
 * @param name the cluster name (nodes of other names never join)
 * @param host the interface Hazelcast and the event bus bind to
 * @param hazelcastPort this member's Hazelcast port
 * @param members every member as {@code host:port}
 * @param eventBusPort the event-bus port (0 = any free port)
 * @param publicHost the address other nodes reach this node's event bus at
 * @param heartbeatSeconds Hazelcast heartbeat interval
 * @param maxNoHeartbeatSeconds a silent member is dropped after this long
 */
public record ClusterSettings(
    String name,
    String host,
    int hazelcastPort,
    List<String> members,
    int eventBusPort,
    String publicHost,
    int heartbeatSeconds,
    int maxNoHeartbeatSeconds) {
  /** Defensive copy of the member list. */
  public ClusterSettings {
    members = List.copyOf(members);
  }

  /** A loopback member on {@code port} among {@code members}, with 1 s heartbeats, 8 s timeout. */
  public static ClusterSettings loopback(String name, int port, List<String> members) {
    return new ClusterSettings(name, "127.0.0.1", port, members, 0, "127.0.0.1", 1, 8);
  }

  /** {@code count} distinct TCP ports free on 127.0.0.1 right now (for loopback clusters). */
  public static List<Integer> freePorts(int count) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      List<Integer> ports = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        sockets.add(s);
        ports.add(s.getLocalPort());
      }
      return ports;
    } finally {
      for (ServerSocket s : sockets) {
        s.close();
      }
    }
  }
}
