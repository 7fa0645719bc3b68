package org.divs.bus;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
 * @param tls TLS with client authentication on the event bus between nodes, when present
 */
public record ClusterSettings(
    String name,
    String host,
    int hazelcastPort,
    List<String> members,
    int eventBusPort,
    String publicHost,
    int heartbeatSeconds,
    int maxNoHeartbeatSeconds,
    Optional<Tls> tls) {
  /** Defensive copy of the member list. */
  public ClusterSettings {
    members = List.copyOf(members);
    Objects.requireNonNull(tls, "tls");
  }

  /** Settings with a plain (not TLS) event bus. */
  public ClusterSettings(
      String name,
      String host,
      int hazelcastPort,
      List<String> members,
      int eventBusPort,
      String publicHost,
      int heartbeatSeconds,
      int maxNoHeartbeatSeconds) {
    this(
        name,
        host,
        hazelcastPort,
        members,
        eventBusPort,
        publicHost,
        heartbeatSeconds,
        maxNoHeartbeatSeconds,
        Optional.empty());
  }

  /**
   * The event bus's TLS: this node's key and certificate, and the certificates it accepts from the
   * others, both PKCS12 files. A node whose certificate the others do not trust exchanges no
   * messages with them (client authentication is required both ways).
   *
   * @param keyStore PKCS12 file with this node's private key and certificate
   * @param keyStorePassword its password
   * @param trustStore PKCS12 file with the certificates (or their CA) this node accepts
   * @param trustStorePassword its password
   */
  public record Tls(
      String keyStore, String keyStorePassword, String trustStore, String trustStorePassword) {
    /** Checks that nothing is missing. */
    public Tls {
      Objects.requireNonNull(keyStore, "keyStore");
      Objects.requireNonNull(keyStorePassword, "keyStorePassword");
      Objects.requireNonNull(trustStore, "trustStore");
      Objects.requireNonNull(trustStorePassword, "trustStorePassword");
    }

    /** The stores without their passwords. */
    @Override
    public String toString() {
      return "Tls[keyStore=" + keyStore + ", trustStore=" + trustStore + "]";
    }
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

  /** These settings with the event bus on TLS. */
  public ClusterSettings withTls(Tls tls) {
    return new ClusterSettings(
        name,
        host,
        hazelcastPort,
        members,
        eventBusPort,
        publicHost,
        heartbeatSeconds,
        maxNoHeartbeatSeconds,
        Optional.of(tls));
  }
}
