package org.divs.sync;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one merge used at every level: a log-mass-weighted mean accumulated in double.
 *
 * <p>Merging partial merges gives the same result as merging all leaves at once (up to the float32
 * rounding of each partial), because every contribution carries the log of its total mass: a
 * district's {@code (L_d, mean_d)} stands for its leaves exactly.
 */
public final class WeightedMerge {
  /** Accumulator block: 2048 doubles, 16 KB, half of a common L1 data cache. */
  static final int BLOCK = 2048;

  private WeightedMerge() {}

  /** Merges the contributions; they must all have the same size. */
  public static Contribution merge(List<Contribution> parts) {
    List<Input> inputs = new ArrayList<>(parts.size());
    for (Contribution c : parts) {
      inputs.add(new Input(c.logMass(), c.samples(), c.leaves(), c.weights(), null, null));
    }
    return mergeInputs(inputs);
  }

  /**
   * One input of a merge: full weights, or a delta still encoded with the base it applies to,
   * decoded a block at a time inside the merge (no array of the decoded weights is ever made).
   */
  record Input(
      double logMass,
      long samples,
      List<String> leaves,
      Weights full,
      EncodedWeights delta,
      Weights base) {
    /** A delta input: {@code base} plus {@code delta}, as {@link EncodedWeights#decode} gives. */
    static Input ofDelta(
        double logMass, long samples, List<String> leaves, EncodedWeights delta, Weights base) {
      return new Input(logMass, samples, leaves, null, delta, base);
    }

    int size() {
      return full != null ? full.size() : delta.size();
    }

    /**
     * The values {@code [from, from + count)}: the full array itself (read from {@code from}) or
     * the delta decoded into {@code scratch} (read from 0); {@link #offset} says which.
     */
    float[] block(int from, int count, float[] scratch) {
      if (full != null) {
        return full.array();
      }
      delta.decodeBlock(base.array(), from, count, scratch);
      return scratch;
    }

    int offset(int from) {
      return full != null ? from : 0;
    }
  }

  /** Merges the inputs; they must all have the same size. */
  static Contribution mergeInputs(List<Input> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("nothing to merge");
    }
    int n = parts.get(0).size();
    double[] logs = new double[parts.size()];
    long samples = 0;
    List<String> leaves = new ArrayList<>();
    for (int p = 0; p < parts.size(); p++) {
      Input c = parts.get(p);
      if (c.size() != n) {
        throw new IllegalArgumentException(
            "contribution of " + c.leaves() + " has " + c.size() + " floats, expected " + n);
      }
      logs[p] = c.logMass();
      samples += c.samples();
      leaves.addAll(c.leaves());
    }
    double total = LogSum.of(logs);
    Input[] sets = parts.toArray(new Input[0]);
    double[] scales = new double[sets.length];
    for (int p = 0; p < sets.length; p++) {
      scales[p] = Math.exp(logs[p] - total);
    }
    return new Contribution(total, samples, leaves, Weights.wrap(mean(sets, scales, n)));
  }

  /**
   * sum_p scales[p] x sets[p], accumulated in double in part order and rounded once to float.
   *
   * <p>Runs block by block so each block's double accumulator stays in the L1 cache, and adds up to
   * four parts per pass over it: {@code a = a + s0 x v0 + s1 x v1 + ...} evaluates left to right,
   * so every element sees exactly the additions of one part after another (bit for bit the result
   * of a whole-array accumulation), while the input streams through once and the accumulator is
   * touched twice per 4 parts instead of 8 times. A delta input is decoded block by block into a
   * block-sized scratch next to the accumulator.
   */
  private static float[] mean(Input[] sets, double[] scales, int n) {
    float[] mean = new float[n];
    int blockSize = Math.min(n, BLOCK);
    double[] acc = new double[blockSize];
    float[][] scratch = new float[4][];
    for (int j = 0; j < 4 && j < sets.length; j++) {
      scratch[j] = new float[blockSize];
    }
    float[][] v = new float[4][];
    int[] o = new int[4];
    for (int from = 0; from < n; from += BLOCK) {
      int count = Math.min(BLOCK, n - from);
      Arrays.fill(acc, 0, count, 0.0);
      int p = 0;
      for (; p + 4 <= sets.length; p += 4) {
        for (int j = 0; j < 4; j++) {
          v[j] = sets[p + j].block(from, count, scratch[j]);
          o[j] = sets[p + j].offset(from);
        }
        add4(acc, count, v, o, scales, p);
      }
      for (; p < sets.length; p++) {
        float[] x = sets[p].block(from, count, scratch[0]);
        add1(acc, count, x, sets[p].offset(from), scales[p]);
      }
      for (int k = 0; k < count; k++) {
        mean[from + k] = (float) acc[k];
      }
    }
    return mean;
  }

  private static void add1(double[] acc, int count, float[] x, int off, double s) {
    for (int k = 0; k < count; k++) {
      acc[k] += s * x[off + k];
    }
  }

  private static void add4(double[] acc, int count, float[][] v, int[] o, double[] scales, int p) {
    float[] v0 = v[0];
    float[] v1 = v[1];
    float[] v2 = v[2];
    float[] v3 = v[3];
    int o0 = o[0];
    int o1 = o[1];
    int o2 = o[2];
    int o3 = o[3];
    double s0 = scales[p];
    double s1 = scales[p + 1];
    double s2 = scales[p + 2];
    double s3 = scales[p + 3];
    for (int k = 0; k < count; k++) {
      acc[k] = acc[k] + s0 * v0[o0 + k] + s1 * v1[o1 + k] + s2 * v2[o2 + k] + s3 * v3[o3 + k];
    }
  }
}
