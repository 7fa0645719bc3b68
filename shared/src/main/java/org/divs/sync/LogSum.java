package org.divs.sync;

/** Numerically stable log-sum-exp. */
public final class LogSum {
  private LogSum() {}

  /** ln(sum exp(x_i)); negative infinity for no values. */
  public static double of(double... x) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : x) {
      max = Math.max(max, v);
    }
    if (max == Double.NEGATIVE_INFINITY) {
      return max;
    }
    double s = 0;
    for (double v : x) {
      s += Math.exp(v - max);
    }
    return max + Math.log(s);
  }
}
