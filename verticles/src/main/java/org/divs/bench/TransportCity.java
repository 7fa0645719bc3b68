package org.divs.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.divs.config.Topology;
import org.divs.config.TopologyLoader;
import org.divs.sync.WeightCompressor;
import org.divs.sync.WeightEncoding;
import org.divs.sync.Weights;

/**
 * The city of {@code divs bench round-transport}: a 3-level tree of 4 street edges under 2
 * aggregators under the top, one task per weight encoding, and the node (JVM) of each level. Every
 * JVM of the benchmark derives the same tree from here.
 */
final class TransportCity {
  /** Node (JVM) of the top: the benchmark's own. */
  static final String TOP_NODE = "top";

  /** Node (JVM) of the two aggregators (the production {@code AggregatorVerticle}). */
  static final String AGGREGATORS_NODE = "aggregators";

  /** Node (JVM) of the four street edges. */
  static final String LEAVES_NODE = "leaves";

  /** Id of the top of the tree. */
  static final String TOP = "top";

  /** The aggregators, each with two street edges. */
  static final List<String> AGGREGATORS = List.of("district-1", "district-2");

  /** The street edges, two under each aggregator. */
  static final List<String> LEAVES = List.of("street-1", "street-2", "street-3", "street-4");

  /** Bytes added to a weight payload for the rest of its message (ids, round, counters). */
  static final int MESSAGE_OVERHEAD = 96;

  private TransportCity() {}

  /** The parent of a street edge. */
  static String parentOf(String leaf) {
    return AGGREGATORS.get(LEAVES.indexOf(leaf) / 2);
  }

  /** The street edges under an aggregator. */
  static List<String> leavesUnder(String aggregator) {
    List<String> out = new ArrayList<>();
    for (String leaf : LEAVES) {
      if (parentOf(leaf).equals(aggregator)) {
        out.add(leaf);
      }
    }
    return out;
  }

  /** The task of an encoding: its config name ({@code float32}, {@code float16}, {@code int8}). */
  static String task(WeightEncoding e) {
    return e.configName();
  }

  /**
   * The topology: one CNN task per encoding, a deadline far beyond any round (a round here always
   * completes), every unit placed on its level's node.
   */
  static Topology topology() {
    StringBuilder edges = new StringBuilder();
    for (String a : AGGREGATORS) {
      edges.append(edge(a, TOP, AGGREGATORS_NODE)).append(',');
    }
    for (String leaf : LEAVES) {
      edges.append(edge(leaf, parentOf(leaf), LEAVES_NODE)).append(',');
    }
    edges.setLength(edges.length() - 1);
    StringBuilder tasks = new StringBuilder();
    for (WeightEncoding e : WeightEncoding.values()) {
      if (tasks.length() > 0) {
        tasks.append(',');
      }
      tasks.append(
          "{\"id\": \"%s\", \"model\": \"cnn\", \"classes\": [\"bike\", \"car\", \"juggernaut\", \"minibus\", \"pickup\", \"truck\"]}"
              .formatted(task(e)));
    }
    return TopologyLoader.parse(
        """
        {"name": "round-transport",
         "cloud": {"id": "%s", "node": "%s", "checkpoints": "target/round-transport"},
         "edges": [%s], "terminals": [], "tasks": [%s],
         "sync": {"deadlineMs": 3600000, "quorum": 1.0}}
        """
            .formatted(TOP, TOP_NODE, edges, tasks));
  }

  private static String edge(String id, String parent, String node) {
    return "{\"id\": \"%s\", \"parent\": \"%s\", \"node\": \"%s\"}".formatted(id, parent, node);
  }

  /** Wire bytes of a weight payload in {@code e} as a delta (float32: full weights). */
  static int payloadBytes(WeightEncoding e, int[] tensorLengths) {
    int n = 0;
    for (int len : tensorLengths) {
      n += len;
    }
    Weights zeros = Weights.wrap(new float[n]);
    return new WeightCompressor(e, tensorLengths).encode(zeros, zeros, 0).wireBytes();
  }

  /** Bytes of a bare message standing for a weight message in {@code e}. */
  static int messageBytes(WeightEncoding e, int[] tensorLengths) {
    return payloadBytes(e, tensorLengths) + MESSAGE_OVERHEAD;
  }

  /**
   * What a street edge's "training" adds to the global it received: a fixed Gaussian step of about
   * the size of a few optimiser steps, different on every edge.
   */
  static float[] trainingStep(int leaf, int size) {
    SplittableRandom random = new SplittableRandom(1000L + leaf);
    float[] step = new float[size];
    for (int i = 0; i < size; i++) {
      step[i] = (float) (random.nextGaussian() * 1e-3);
    }
    return step;
  }

  /** Samples a street edge trained on (unequal, so FedAvg weights differ). */
  static long samplesOf(int leaf) {
    return 100L + 20L * leaf;
  }
}
