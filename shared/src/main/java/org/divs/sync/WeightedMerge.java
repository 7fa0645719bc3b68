package org.divs.sync;

import java.util.ArrayList;
import java.util.List;

/**
 * The one merge used at every level: a log-mass-weighted mean accumulated in double.
 *
 * <p>Merging partial merges gives the same result as merging all leaves at once (up to the float32
 * rounding of each partial), because every contribution carries the log of its total mass: a
 * district's {@code (L_d, mean_d)} stands for its leaves exactly.
 */
public final class WeightedMerge {
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
    double[] acc = new double[n];
    for (int p = 0; p < parts.size(); p++) {
      parts.get(p).weights().addScaledTo(acc, Math.exp(logs[p] - total));
    }
    float[] mean = new float[n];
    for (int i = 0; i < n; i++) {
      mean[i] = (float) acc[i];
    }
    return new Contribution(total, samples, leaves, Weights.wrap(mean));
  }
}
