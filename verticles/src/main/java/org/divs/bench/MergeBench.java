package org.divs.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.divs.sync.Contribution;
import org.divs.sync.WeightedMerge;
import org.divs.sync.Weighting;
import org.divs.sync.Weights;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Merging {@value #SETS} weight sets of {@value #FLOATS} floats: the production {@link
 * WeightedMerge#merge} beside two plain double-accumulating loops over the very same arrays (per
 * element over the sets; per set into a whole-array accumulator), in one JMH run. Target (issue 7):
 * the production merge takes at most 1.2 x the time of the faster plain loop.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MergeBench {
  /** Weight sets merged. */
  public static final int SETS = 8;

  /** Floats per weight set. */
  public static final int FLOATS = 1_000_000;

  /** Input bytes of one merge (float32). */
  public static final long INPUT_BYTES = (long) SETS * FLOATS * Float.BYTES;

  private float[][] arrays;
  private double[] scales;
  private List<Contribution> parts;

  /** Eight random weight sets with FedAvg weights by unequal sample counts. */
  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(7);
    arrays = new float[SETS][FLOATS];
    long[] samples = new long[SETS];
    parts = new ArrayList<>();
    for (int p = 0; p < SETS; p++) {
      for (int i = 0; i < FLOATS; i++) {
        arrays[p][i] = (float) random.nextDouble(-0.1, 0.1);
      }
      samples[p] = 50 + 10L * p;
      parts.add(
          new Contribution(
              Weighting.FEDAVG.logMass(samples[p]),
              samples[p],
              List.of("street-" + p),
              Weights.wrap(arrays[p])));
    }
    scales = Weighting.FEDAVG.normalised(samples);
  }

  /** The production merge. */
  @Benchmark
  public Weights production() {
    return WeightedMerge.merge(parts).weights();
  }

  /** A baseline: one double sum per element over the sets, rounded to float. */
  @Benchmark
  public float[] plainLoop() {
    return plainMerge(arrays, scales);
  }

  /** The other baseline: a whole-array double accumulator, one set after another. */
  @Benchmark
  public float[] plainLoopBySet() {
    return plainMergeBySet(arrays, scales);
  }

  /** The plain loop: {@code out[i] = (float) sum_p scales[p] * sets[p][i]}, summed in double. */
  public static float[] plainMerge(float[][] sets, double[] scales) {
    int n = sets[0].length;
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int p = 0; p < sets.length; p++) {
        s += scales[p] * sets[p][i];
      }
      out[i] = (float) s;
    }
    return out;
  }

  /** The plain loop by set: {@code acc[i] += scales[p] * sets[p][i]} for each p, then rounded. */
  public static float[] plainMergeBySet(float[][] sets, double[] scales) {
    int n = sets[0].length;
    double[] acc = new double[n];
    for (int p = 0; p < sets.length; p++) {
      float[] v = sets[p];
      double s = scales[p];
      for (int i = 0; i < n; i++) {
        acc[i] += s * v[i];
      }
    }
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) acc[i];
    }
    return out;
  }

  /** For tests: the merged weights of all three ways, after {@link #setUp}. */
  Weights[] allWays() {
    return new Weights[] {production(), Weights.wrap(plainLoop()), Weights.wrap(plainLoopBySet())};
  }
}
