package org.divs.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.divs.bus.Addresses;
import org.divs.bus.ClusterSettings;
import org.divs.bus.VertxFactory;

/**
 * Clustered Vertx instances for tests, built through the production {@link VertxFactory}: explicit
 * free Hazelcast ports listed in every member, a random cluster name, 127.0.0.1 only, and a
 * readiness ping per node awaited (from every node to every other) before use. Close it to close
 * every instance and wait for it.
 */
public final class ClusterFixture implements AutoCloseable {
  private static final Duration READY = Duration.ofSeconds(60);

  private final String name;
  private final List<Vertx> nodes;

  private ClusterFixture(String name, List<Vertx> nodes) {
    this.name = name;
    this.nodes = nodes;
  }

  /**
   * Starts {@code count} clustered nodes named {@code n0, n1, ...} and waits until all are ready.
   */
  public static ClusterFixture start(int count) throws Exception {
    String name = "divs-test-" + UUID.randomUUID();
    List<Integer> ports = freePorts(count);
    List<String> members = new ArrayList<>();
    for (int p : ports) {
      members.add("127.0.0.1:" + p);
    }
    List<Vertx> nodes = new ArrayList<>();
    ClusterFixture fixture = new ClusterFixture(name, nodes);
    try {
      for (int i = 0; i < count; i++) {
        Vertx v =
            await(VertxFactory.clustered(ClusterSettings.loopback(name, ports.get(i), members)));
        nodes.add(v);
        String node = nodeName(i);
        await(
            v.eventBus()
                .<String>consumer(Addresses.nodePing(node), m -> m.reply(node))
                .completion());
      }
      fixture.awaitReady();
      return fixture;
    } catch (Exception e) {
      fixture.close();
      throw e;
    }
  }

  /** The name of node {@code i}. */
  public static String nodeName(int i) {
    return "n" + i;
  }

  /** Node {@code i}. */
  public Vertx node(int i) {
    return nodes.get(i);
  }

  /** The cluster name. */
  public String clusterName() {
    return name;
  }

  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + READY.toNanos();
    for (Vertx from : nodes) {
      for (int j = 0; j < nodes.size(); j++) {
        pingUntilAnswered(from, nodeName(j), deadline);
      }
    }
  }

  private static void pingUntilAnswered(Vertx from, String node, long deadline) throws Exception {
    while (true) {
      try {
        await(
            from.eventBus()
                .request(
                    Addresses.nodePing(node), "ping", new DeliveryOptions().setSendTimeout(2000)));
        return;
      } catch (Exception e) {
        boolean retry = e.getCause() instanceof ReplyException || e instanceof ReplyException;
        if (!retry || System.nanoTime() > deadline) {
          throw new IllegalStateException("node " + node + " never answered its ping", e);
        }
        Thread.onSpinWait();
      }
    }
  }

  /** Blocks the (test) thread on a future, at most 60 s. */
  public static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  /** Free TCP ports on 127.0.0.1. */
  public static List<Integer> freePorts(int count) throws IOException {
    return ClusterSettings.freePorts(count);
  }

  @Override
  public void close() throws Exception {
    Exception first = null;
    for (int i = nodes.size() - 1; i >= 0; i--) {
      try {
        await(nodes.get(i).close());
      } catch (Exception e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
