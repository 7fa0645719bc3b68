package org.divs.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.divs.bus.Addresses;
import org.divs.bus.ClusterSettings;
import org.divs.bus.VertxFactory;
import org.divs.deploy.Deployer;
import org.divs.node.DivsUnits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A child JVM of {@code divs bench round-transport}: joins the benchmark's cluster and deploys one
 * level of its tree, then runs until killed or until the benchmark's JVM exits.
 *
 * <p>{@code java -cp divs.jar org.divs.bench.RoundTransportNode NODE CLUSTER PORT MEMBERS TENSORS
 * PARENT_PID}: NODE is {@code aggregators} or {@code leaves}, PORT its Hazelcast port on 127.0.0.1,
 * MEMBERS every member as {@code 127.0.0.1:port} separated by commas, TENSORS the model's tensor
 * lengths separated by commas.
 */
public final class RoundTransportNode {
  private static final Logger LOG = LoggerFactory.getLogger(RoundTransportNode.class);

  private RoundTransportNode() {}

  /** Joins the cluster, deploys the node's level and waits to be killed. */
  public static void main(String[] args) throws Exception {
    if (args.length != 6) {
      throw new IllegalArgumentException(
          "usage: RoundTransportNode NODE CLUSTER PORT MEMBERS TENSORS PARENT_PID, got "
              + Arrays.toString(args));
    }
    String node = args[0];
    long parent = Long.parseLong(args[5]);
    ProcessHandle.of(parent)
        .ifPresentOrElse(
            p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(0)),
            () -> Runtime.getRuntime().halt(0));
    ClusterSettings settings =
        ClusterSettings.loopback(args[1], Integer.parseInt(args[2]), List.of(args[3].split(",")));
    int[] tensors = Arrays.stream(args[4].split(",")).mapToInt(Integer::parseInt).toArray();
    Vertx vertx = VertxFactory.clustered(settings).toCompletionStage().toCompletableFuture().get();
    deploy(vertx, node, tensors).toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
    LOG.info("round-transport node {} ready", node);
    new CountDownLatch(1).await();
  }

  /**
   * Deploys the level of {@code node} ({@link TransportCity#AGGREGATORS_NODE}: the production
   * aggregators and the bare ones; {@link TransportCity#LEAVES_NODE}: the street edges of both
   * paths), then its readiness ping, which answers with this JVM's System.nanoTime, and its process
   * CPU time on {@code Addresses.benchCpu}.
   */
  static Future<?> deploy(Vertx vertx, String node, int[] tensorLengths) {
    List<Future<?>> deployed = new ArrayList<>();
    if (TransportCity.AGGREGATORS_NODE.equals(node)) {
      deployed.add(
          Deployer.deploy(
              vertx,
              TransportCity.topology(),
              UUID.randomUUID().toString(),
              u -> u.node().equals(node),
              new DivsUnits(new JsonObject())));
      for (String a : TransportCity.AGGREGATORS) {
        deployed.add(vertx.deployVerticle(new BareAggregator(a, tensorLengths)));
      }
    } else if (TransportCity.LEAVES_NODE.equals(node)) {
      for (int i = 0; i < TransportCity.LEAVES.size(); i++) {
        deployed.add(vertx.deployVerticle(new TransportLeaf(i, tensorLengths)));
      }
    } else {
      return Future.failedFuture("unknown round-transport node '" + node + "'");
    }
    return Future.all(deployed)
        .compose(
            v -> {
              MessageConsumer<String> ping =
                  vertx
                      .eventBus()
                      .consumer(Addresses.nodePing(node), m -> m.reply(System.nanoTime()));
              return Future.all(ping.completion(), ProcessCpu.answer(vertx, node));
            });
  }
}
