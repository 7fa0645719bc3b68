package org.divs.bus;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PfxOptions;
import io.vertx.core.spi.cluster.NodeInfo;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.concurrent.TimeUnit;

/**
 * The one place that builds {@link Vertx} instances: every codec is registered here, once per
 * instance, and clustered instances get their Hazelcast settings here.
 */
public final class VertxFactory {
  /** Longest a worker handler (a training round) may run before Vert.x warns. */
  public static final long MAX_WORKER_EXECUTE_MINUTES = 10;

  /** The wildcard host: bind every interface (in containers), reached at the public host. */
  public static final String ANY = "0.0.0.0";

  /** Key of the topology node name in a clustered node's Vert.x node metadata. */
  public static final String NODE_NAME = "divs.node";

  private VertxFactory() {}

  /** The options every DIVS Vertx starts from. */
  public static VertxOptions options() {
    return new VertxOptions()
        .setMaxWorkerExecuteTime(MAX_WORKER_EXECUTE_MINUTES)
        .setMaxWorkerExecuteTimeUnit(TimeUnit.MINUTES);
  }

  /** A non-clustered Vertx with every codec registered. */
  public static Vertx local() {
    Vertx vertx = Vertx.builder().with(options()).build();
    Codecs.register(vertx);
    return vertx;
  }

  /**
   * A clustered Vertx joined through Hazelcast with {@code settings}, codecs registered. With
   * {@link ClusterSettings#tls()} the event bus between nodes is TLS with client authentication
   * required both ways; Hazelcast's own membership traffic stays plain.
   */
  public static Future<Vertx> clustered(ClusterSettings settings) {
    return clustered(settings, null);
  }

  /**
   * A clustered Vertx as {@link #clustered(ClusterSettings)} that names itself {@code node} (the
   * topology's node name, or null) in its cluster node metadata, so other members can tell which
   * node a cluster member is ({@link #nodeName(NodeInfo)}).
   */
  public static Future<Vertx> clustered(ClusterSettings settings, String node) {
    VertxOptions options = options();
    EventBusOptions bus = options.getEventBusOptions();
    bus.setHost(settings.host())
        .setPort(settings.eventBusPort())
        .setClusterPublicHost(settings.publicHost());
    settings.tls().ifPresent(tls -> withTls(bus, tls));
    if (node != null) {
      bus.setClusterNodeMetadata(new JsonObject().put(NODE_NAME, node));
    }
    return Vertx.builder()
        .with(options)
        .withClusterManager(new HazelcastClusterManager(hazelcastConfig(settings)))
        .buildClustered()
        .map(
            vertx -> {
              Codecs.register(vertx);
              return vertx;
            });
  }

  /**
   * TLS on the event bus: server and client present the node's key, accept only certificates of the
   * trust store, and the server requires the client's. The event bus's client trusts every server
   * by default ({@link EventBusOptions#DEFAULT_TRUST_ALL}): turned off here. PKCS12 ({@link
   * PfxOptions}): the clustered event bus hands its client these options as JSON, which carries
   * PFX, JKS and PEM only.
   */
  static EventBusOptions withTls(EventBusOptions bus, ClusterSettings.Tls tls) {
    return bus.setSsl(true)
        .setTrustAll(false)
        .setKeyCertOptions(
            new PfxOptions().setPath(tls.keyStore()).setPassword(tls.keyStorePassword()))
        .setTrustOptions(
            new PfxOptions().setPath(tls.trustStore()).setPassword(tls.trustStorePassword()))
        .setClientAuth(ClientAuth.REQUIRED);
  }

  /** The topology node name a cluster member announced in its node info, or null. */
  public static String nodeName(NodeInfo info) {
    JsonObject meta = info == null ? null : info.metadata();
    return meta == null ? null : meta.getString(NODE_NAME);
  }

  /** Seconds a starting node asks the members for a master before it may claim the role. */
  public static final int JOIN_TIMEOUT_SECONDS = 1;

  /**
   * The Hazelcast configuration for {@code settings}: TCP-IP join, no multicast, no phone home,
   * sized for a small cluster.
   */
  public static Config hazelcastConfig(ClusterSettings s) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(s.name());
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty(
        "hazelcast.heartbeat.interval.seconds", String.valueOf(s.heartbeatSeconds()));
    config.setProperty(
        "hazelcast.max.no.heartbeat.seconds", String.valueOf(s.maxNoHeartbeatSeconds()));
    config.setProperty("hazelcast.logging.type", "slf4j");
    // A city's cluster is a handful of nodes holding only the event bus's subscriptions: a small
    // partition table, one IO thread each way and no health monitor make a node start sooner (less
    // CPU while several nodes start on one host) and cost nothing at this size.
    config.setProperty("hazelcast.partition.count", "31");
    config.setProperty("hazelcast.io.thread.count", "1");
    config.setProperty("hazelcast.health.monitoring.level", "OFF");
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(s.hazelcastPort()).setPortAutoIncrement(false);
    network.setPublicAddress(s.publicHost() + ":" + s.hazelcastPort());
    if (!ANY.equals(s.host())) {
      network.getInterfaces().setEnabled(true).addInterface(s.host());
    }
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    // Nodes that start together find no master at first, and each asks the others for one for the
    // whole connection timeout (Hazelcast's default: 5 s) before it may claim the role: 1 s here.
    join.getTcpIpConfig()
        .setEnabled(true)
        .setMembers(s.members())
        .setConnectionTimeoutSeconds(JOIN_TIMEOUT_SECONDS);
    return config;
  }
}
