package org.divs.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * How the nodes of a multi-process city find each other: a Hazelcast cluster joined over TCP-IP
 * with every member listed (never multicast).
 *
 * @param name cluster name; nodes of another name never join
 * @param heartbeatSeconds Hazelcast heartbeat interval
 * @param maxNoHeartbeatSeconds a member silent this long is dropped
 * @param nodes every node with its addresses
 * @param tls TLS with client authentication on the event bus between nodes, when configured
 */
public record ClusterSpec(
    String name,
    int heartbeatSeconds,
    int maxNoHeartbeatSeconds,
    List<Node> nodes,
    Optional<Tls> tls) {
  /** Defensive copy of the node list. */
  public ClusterSpec {
    nodes = List.copyOf(nodes);
    Objects.requireNonNull(tls, "tls");
  }

  /** A cluster whose event bus is plain TCP. */
  public ClusterSpec(
      String name, int heartbeatSeconds, int maxNoHeartbeatSeconds, List<Node> nodes) {
    this(name, heartbeatSeconds, maxNoHeartbeatSeconds, nodes, Optional.empty());
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

  /**
   * The event bus's TLS ({@code cluster.tls}): PKCS12 key and trust stores, the same keys on every
   * node (each node's process reads its own files at these paths). A password left out of the
   * config comes from the environment: {@value #KEY_STORE_PASSWORD_ENV}, {@value
   * #TRUST_STORE_PASSWORD_ENV}.
   *
   * @param keyStore PKCS12 file with the node's private key and certificate
   * @param keyStorePassword its password, when given in the config
   * @param trustStore PKCS12 file with the certificates (or their CA) the nodes accept
   * @param trustStorePassword its password, when given in the config
   */
  public record Tls(
      String keyStore,
      Optional<String> keyStorePassword,
      String trustStore,
      Optional<String> trustStorePassword) {
    /** Environment variable with the key store's password when the config has none. */
    public static final String KEY_STORE_PASSWORD_ENV = "DIVS_KEYSTORE_PASSWORD";

    /** Environment variable with the trust store's password when the config has none. */
    public static final String TRUST_STORE_PASSWORD_ENV = "DIVS_TRUSTSTORE_PASSWORD";

    /**
     * The key store's password: the config's, else {@value #KEY_STORE_PASSWORD_ENV} from {@code
     * env}.
     *
     * @throws ConfigException naming the key and the variable when neither has one
     */
    public String keyStorePassword(UnaryOperator<String> env) {
      return password(keyStorePassword, "keyStorePassword", KEY_STORE_PASSWORD_ENV, env);
    }

    /**
     * The trust store's password: the config's, else {@value #TRUST_STORE_PASSWORD_ENV} from {@code
     * env}.
     *
     * @throws ConfigException naming the key and the variable when neither has one
     */
    public String trustStorePassword(UnaryOperator<String> env) {
      return password(trustStorePassword, "trustStorePassword", TRUST_STORE_PASSWORD_ENV, env);
    }

    private static String password(
        Optional<String> configured, String key, String variable, UnaryOperator<String> env) {
      if (configured.isPresent()) {
        return configured.get();
      }
      String fromEnv = env.apply(variable);
      if (fromEnv == null || fromEnv.isEmpty()) {
        throw new ConfigException(
            List.of(
                new ConfigFault(
                    "/cluster/tls/" + key,
                    "not in the config, and the environment variable "
                        + variable
                        + " is not set")));
      }
      return fromEnv;
    }

    /** The stores; never the passwords. */
    @Override
    public String toString() {
      return "Tls[keyStore=" + keyStore + ", trustStore=" + trustStore + "]";
    }
  }

  /** The node named {@code name}. */
  public Optional<Node> node(String name) {
    return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
  }

  /** Every member as {@code host:port}, for the TCP-IP join. */
  public List<String> members() {
    return nodes.stream().map(n -> n.publicHost() + ":" + n.port()).toList();
  }
}
