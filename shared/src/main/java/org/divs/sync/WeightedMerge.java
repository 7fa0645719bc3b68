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
   * touched twice per 4 parts instead of 8 times. A delta input adds its decoded values straight
   * into the accumulator, a block at a time (bit for bit what its decoded weights would add).
   */
  private static float[] mean(Input[] sets, double[] scales, int n) {
    float[] mean = new float[n];
    double[] acc = new double[Math.min(n, BLOCK)];
    for (int from = 0; from < n; from += BLOCK) {
      int count = Math.min(BLOCK, n - from);
      Arrays.fill(acc, 0, count, 0.0);
      int p = 0;
      while (p < sets.length) {
        if (p + 4 <= sets.length && allFull(sets, p)) {
          add4(acc, from, count, sets, scales, p);
          p += 4;
        } else {
          Input in = sets[p];
          if (in.full() != null) {
            add1(acc, from, count, in.full().array(), scales[p]);
          } else {
            in.delta().accumulate(in.base().array(), from, count, scales[p], acc);
          }
          p++;
        }
      }
      for (int k = 0; k < count; k++) {
        mean[from + k] = (float) acc[k];
      }
    }
    return mean;
  }

  private static boolean allFull(Input[] sets, int p) {
    for (int j = p; j < p + 4; j++) {
      if (sets[j].full() == null) {
        return false;
      }
    }
    return true;
  }

  private static void add1(double[] acc, int from, int count, float[] v, double s) {
    for (int k = 0; k < count; k++) {
      acc[k] += s * v[from + k];
    }
  }

  private static void add4(
      double[] acc, int from, int count, Input[] sets, double[] scales, int p) {
    float[] v0 = sets[p].full().array();
    float[] v1 = sets[p + 1].full().array();
    float[] v2 = sets[p + 2].full().array();
    float[] v3 = sets[p + 3].full().array();
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
