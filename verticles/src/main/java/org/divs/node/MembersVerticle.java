package org.divs.node;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.cluster.NodeInfo;
import io.vertx.core.spi.cluster.NodeListener;
import org.divs.bus.VertxFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud's view of cluster membership: listens to the cluster manager's member events, learns
 * each member's topology node name from its node info (every node announces it, {@link
 * VertxFactory#clustered(org.divs.bus.ClusterSettings, String)}), and publishes a {@code node}
 * console event when a node joins or leaves. Thin: the bookkeeping is {@link Membership}. Does
 * nothing in a JVM that is not clustered.
 */
final class MembersVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(MembersVerticle.class);

  /** Delay between asks for a new member's node info (it is stored just after the join). */
  static final long NAME_RETRY_MS = 100;

  /** Asks for a member's name before giving up on it (about 30 s). */
  static final int NAME_TRIES = 300;

  private UnitContext unit;
  private Membership membership;
  private ClusterManager cluster;

  @Override
  public Future<?> start() {
    if (!vertx.isClustered()) {
      return Future.succeededFuture();
    }
    unit = UnitContext.of(config());
    membership = Membership.of(unit.topology());
    cluster = ((VertxInternal) vertx).clusterManager();
    cluster.nodeListener(
        new NodeListener() {
          @Override
          public void nodeAdded(String member) {
            context.runOnContext(v -> onAdded(member));
          }

          @Override
          public void nodeLeft(String member) {
            context.runOnContext(v -> membership.left(member).ifPresent(c -> publish(c)));
          }
        });
    cluster.getNodes().forEach(this::onAdded);
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    if (cluster != null) {
      cluster.nodeListener(
          new NodeListener() {
            @Override
            public void nodeAdded(String member) {}

            @Override
            public void nodeLeft(String member) {}
          });
    }
    return Future.succeededFuture();
  }

  private void onAdded(String member) {
    if (membership.added(member)) {
      askName(member, 1);
    }
  }

  /** Reads the member's node info until it names its node, the member leaves, or tries run out. */
  private void askName(String member, int attempt) {
    if (!membership.awaitingName(member)) {
      return;
    }
    Promise<NodeInfo> info = Promise.promise();
    cluster.getNodeInfo(member, info);
    info.future()
        .onComplete(
            ar -> {
              String name = ar.succeeded() ? VertxFactory.nodeName(ar.result()) : null;
              if (name != null) {
                membership.named(member, name).ifPresent(this::publish);
              } else if (attempt < NAME_TRIES) {
                vertx.setTimer(NAME_RETRY_MS, t -> askName(member, attempt + 1));
              } else {
                LOG.warn("{}: cluster member {} never named its node", unit.id(), member);
              }
            });
  }

  private void publish(Membership.Change c) {
    if (!membership.placed(c.node())) {
      LOG.warn("{}: node '{}' is not in the topology", unit.id(), c.node());
    }
    LOG.info(
        "{}: node {} {} (member {}); in the cluster now: {}",
        unit.id(),
        c.node(),
        c.state().word(),
        c.member(),
        membership.joined());
    Events.publish(
        vertx,
        "node",
        unit.id(),
        new JsonObject()
            .put("id", c.node())
            .put("kind", "node")
            .put("state", c.state().word())
            .put("member", c.member())
            .put("units", new JsonArray(c.units())));
  }
}
