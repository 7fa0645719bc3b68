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
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("nothing to merge");
    }
    int n = parts.get(0).weights().size();
    double[] logs = new double[parts.size()];
    long samples = 0;
    List<String> leaves = new ArrayList<>();
    for (int p = 0; p < parts.size(); p++) {
      Contribution c = parts.get(p);
      if (c.weights().size() != n) {
        throw new IllegalArgumentException(
            "contribution of "
                + c.leaves()
                + " has "
                + c.weights().size()
                + " floats, expected "
                + n);
      }
      logs[p] = c.logMass();
      samples += c.samples();
      leaves.addAll(c.leaves());
    }
    double total = LogSum.of(logs);
    Weights[] sets = new Weights[parts.size()];
    double[] scales = new double[parts.size()];
    for (int p = 0; p < sets.length; p++) {
      sets[p] = parts.get(p).weights();
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
   * touched twice per 4 parts instead of 8 times.
   */
  private static float[] mean(Weights[] sets, double[] scales, int n) {
    float[] mean = new float[n];
    double[] acc = new double[Math.min(n, BLOCK)];
    for (int from = 0; from < n; from += BLOCK) {
      int count = Math.min(BLOCK, n - from);
      Arrays.fill(acc, 0, count, 0.0);
      int p = 0;
      for (; p + 4 <= sets.length; p += 4) {
        add4(acc, from, count, sets, scales, p);
      }
      for (; p < sets.length; p++) {
        float[] v = sets[p].array();
        double s = scales[p];
        for (int k = 0; k < count; k++) {
          acc[k] += s * v[from + k];
        }
      }
      for (int k = 0; k < count; k++) {
        mean[from + k] = (float) acc[k];
      }
    }
    return mean;
  }

  private static void add4(
      double[] acc, int from, int count, Weights[] sets, double[] scales, int p) {
    float[] v0 = sets[p].array();
    float[] v1 = sets[p + 1].array();
    float[] v2 = sets[p + 2].array();
    float[] v3 = sets[p + 3].array();
    double s0 = scales[p];
    double s1 = scales[p + 1];
    double s2 = scales[p + 2];
    double s3 = scales[p + 3];
    for (int k = 0; k < count; k++) {
      int i = from + k;
      acc[k] = acc[k] + s0 * v0[i] + s1 * v1[i] + s2 * v2[i] + s3 * v3[i];
    }
  }
}
