package org.divs.migration;

import java.util.Collection;

/** The workload balance B: the population standard deviation of the edges' epoch times. */
public final class Balance {
  private Balance() {}

  /** sqrt(mean((T_j - T_mean)^2)) over {@code epochMillis}; 0 for no edges. */
  public static double of(Collection<Double> epochMillis) {
    if (epochMillis.isEmpty()) {
      return 0;
    }
    double mean = mean(epochMillis);
    double sum = 0;
    for (double t : epochMillis) {
      sum += (t - mean) * (t - mean);
    }
    return Math.sqrt(sum / epochMillis.size());
  }

  /** The mean of {@code values}; 0 for none. */
  public static double mean(Collection<Double> values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return values.isEmpty() ? 0 : sum / values.size();
  }
}
