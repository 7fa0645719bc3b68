package org.divs.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.divs.bus.LocalUpdate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One recorded sequence of 10 rounds (3 street edges under one cloud, a random walk over ~100k
 * floats in 8 tensors of scales from 0.002 to 0.2) replayed with each encoding on both links.
 */
@DisplayName("Compressed rounds")
class CompressionReplayTest {
  private static final Logger LOG = LoggerFactory.getLogger(CompressionReplayTest.class);
  private static final int[] TENSORS = {2400, 16, 25600, 32, 64000, 120, 8400, 10};
  private static final double[] SCALES = {0.2, 0.01, 0.05, 0.002, 0.02, 0.005, 0.1, 0.03};
  private static final int ROUNDS = 10;
  private static final int LEAVES = 3;
  private static final Map<String, List<String>> STREETS =
      Map.of("s0", List.of("s0"), "s1", List.of("s1"), "s2", List.of("s2"));

  private static int size;
  private static Weights initial;

  /** What each leaf's training adds to the global it starts from: [round][leaf][float]. */
  private static float[][][] steps;

  private static long[][] samples;

  private static Run f32;

  /** The replay's result: W(10) as the edges hold it and as the cloud merged it, bytes per link. */
  private record Run(Weights edges, Weights cloud, long upBytes, long downBytes) {}

  @BeforeAll
  static void record() {
    Random r = new Random(20240607);
    for (int len : TENSORS) {
      size += len;
    }
    float[] w = new float[size];
    steps = new float[ROUNDS][LEAVES][size];
    samples = new long[ROUNDS][LEAVES];
    int off = 0;
    for (int t = 0; t < TENSORS.length; t++) {
      double s = SCALES[t];
      for (int i = off; i < off + TENSORS[t]; i++) {
        w[i] = (float) (r.nextGaussian() * s);
      }
      for (int round = 0; round < ROUNDS; round++) {
        for (int i = off; i < off + TENSORS[t]; i++) {
          double drift = r.nextGaussian() * 0.02 * s; // the common direction of the round
          for (int leaf = 0; leaf < LEAVES; leaf++) {
            steps[round][leaf][i] = (float) (drift + r.nextGaussian() * 0.01 * s);
          }
        }
      }
      off += TENSORS[t];
    }
    for (int round = 0; round < ROUNDS; round++) {
      for (int leaf = 0; leaf < LEAVES; leaf++) {
        samples[round][leaf] = 60 + r.nextInt(60);
      }
    }
    initial = Weights.wrap(w);
    f32 = replay(WeightEncoding.F32, true);
  }

  private static EncodedWeights viaWire(EncodedWeights e) {
    return EncodedWeights.readFrom(ByteBuffer.wrap(e.toBytes()));
  }

  /**
   * Leaves train from the global as they decoded it and send their update up through their own
   * compressor; the cloud decodes them against that same view (one decompressor stands for every
   * edge and the cloud's mirror: they decode the same bytes), merges, and sends the delta from its
   * previous exact global down.
   */
  private static Run replay(WeightEncoding encoding, boolean errorFeedback) {
    WeightCompressor[] up = new WeightCompressor[LEAVES];
    for (int j = 0; j < LEAVES; j++) {
      up[j] = new WeightCompressor(encoding, TENSORS, errorFeedback);
    }
    WeightCompressor down = new WeightCompressor(encoding, TENSORS, errorFeedback);
    WeightDecompressor edges = new WeightDecompressor();
    edges.accept(0, viaWire(EncodedWeights.full(initial)));
    Weights cloud = initial;
    long upBytes = 0;
    long downBytes = 0;
    for (int round = 1; round <= ROUNDS; round++) {
      Weights view = edges.current();
      RoundCollector collector = new RoundCollector("run", STREETS, size);
      collector.begin(round, view);
      for (int j = 0; j < LEAVES; j++) {
        float[] local = view.toArray();
        float[] step = steps[round - 1][j];
        for (int i = 0; i < size; i++) {
          local[i] += step[i];
        }
        EncodedWeights p = up[j].encode(Weights.wrap(local), view, round - 1);
        upBytes += p.wireBytes();
        long k = samples[round - 1][j];
        LocalUpdate u =
            new LocalUpdate(
                "run",
                "cnn",
                round,
                "s" + j,
                k,
                Weighting.FEDAVG.logMass(k),
                List.of("s" + j),
                List.of(),
                0.5,
                10,
                viaWire(p));
        assertThat(collector.offer(u)).isNull();
      }
      Weights merged = collector.merged("cnn", "cloud").weights();
      EncodedWeights g = down.encode(merged, cloud, round - 1);
      downBytes += g.wireBytes();
      cloud = merged;
      edges.accept(round, viaWire(g));
    }
    return new Run(edges.current(), cloud, upBytes, downBytes);
  }

  private static double relativeError(Weights w) {
    return w.distance(f32.edges()) / f32.edges().norm();
  }

  @Test
  @DisplayName("The float32 replay is the plain hierarchical merge of the recorded steps")
  void float32IsExact() {
    Weights g = initial;
    for (int round = 0; round < ROUNDS; round++) {
      List<Contribution> parts = new ArrayList<>();
      for (int j = 0; j < LEAVES; j++) {
        float[] local = g.toArray();
        for (int i = 0; i < size; i++) {
          local[i] += steps[round][j][i];
        }
        long k = samples[round][j];
        parts.add(
            new Contribution(
                Weighting.FEDAVG.logMass(k), k, List.of("s" + j), Weights.wrap(local)));
      }
      g = WeightedMerge.merge(parts).weights();
    }
    assertThat(f32.edges()).isEqualTo(g);
    assertThat(f32.cloud()).isEqualTo(g);
    assertThat(size).isGreaterThan(100_000);
  }

  @Test
  @DisplayName("float16 deltas stay within relative L2 1e-3 of float32 at half the bytes")
  void float16() {
    Run run = replay(WeightEncoding.F16, true);
    double edges = relativeError(run.edges());
    double cloud = run.cloud().distance(f32.cloud()) / f32.cloud().norm();
    LOG.info("float16 after {} rounds: relative L2 {} (edges), {} (cloud)", ROUNDS, edges, cloud);
    assertThat(edges).isLessThan(1e-3);
    assertThat(cloud).isLessThan(1e-3);
    assertThat((double) run.upBytes() / f32.upBytes()).isCloseTo(0.5, within(0.005));
    assertThat((double) run.downBytes() / f32.downBytes()).isCloseTo(0.5, within(0.005));
  }

  @Test
  @DisplayName("int8 deltas stay within relative L2 2e-2 of float32 at a quarter of the bytes")
  void int8() {
    Run run = replay(WeightEncoding.I8, true);
    double edges = relativeError(run.edges());
    double cloud = run.cloud().distance(f32.cloud()) / f32.cloud().norm();
    LOG.info("int8 after {} rounds: relative L2 {} (edges), {} (cloud)", ROUNDS, edges, cloud);
    assertThat(edges).isLessThan(2e-2);
    assertThat(cloud).isLessThan(2e-2);
    assertThat((double) run.upBytes() / f32.upBytes()).isCloseTo(0.25, within(0.005));
    assertThat((double) run.downBytes() / f32.downBytes()).isCloseTo(0.25, within(0.005));
  }

  @Test
  @DisplayName("int8 without error feedback drifts further from float32 than with it")
  void errorFeedbackHelps() {
    double with = relativeError(replay(WeightEncoding.I8, true).edges());
    double without = relativeError(replay(WeightEncoding.I8, false).edges());
    LOG.info(
        "int8 relative L2 after {} rounds: {} with error feedback, {} without",
        ROUNDS,
        with,
        without);
    assertThat(without).isGreaterThan(1.5 * with);
  }
}
