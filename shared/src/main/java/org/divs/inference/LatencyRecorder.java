package org.divs.inference;

import java.util.Arrays;

/**
 * Latency percentiles over the last {@code window} samples (a ring), in milliseconds. Thread-safe.
 */
public final class LatencyRecorder {
  private final long[] ring;
  private long count;

  /**
   * @param window how many recent samples the percentiles cover
   */
  public LatencyRecorder(int window) {
    if (window < 1) {
      throw new IllegalArgumentException("window must be at least 1, got " + window);
    }
    ring = new long[window];
  }

  /** Records one latency. */
  public synchronized void record(long nanos) {
    ring[(int) (count++ % ring.length)] = nanos;
  }

  /** Samples recorded in all. */
  public synchronized long count() {
    return count;
  }

  /**
   * The {@code q} quantile (0 to 1, nearest rank) of the recent samples in milliseconds; NaN when
   * none.
   */
  public double quantileMillis(double q) {
    return quantilesMillis(q)[0];
  }

  /**
   * The quantiles {@code qs} as {@link #quantileMillis} gives them, from one sort of the recent
   * samples (a serving edge asks for p50 and p99 with every chunk).
   */
  public synchronized double[] quantilesMillis(double... qs) {
    double[] out = new double[qs.length];
    int n = (int) Math.min(count, ring.length);
    if (n == 0) {
      Arrays.fill(out, Double.NaN);
      return out;
    }
    long[] sorted = Arrays.copyOf(ring, n);
    Arrays.sort(sorted);
    for (int i = 0; i < qs.length; i++) {
      int rank = (int) Math.ceil(qs[i] * n);
      out[i] = sorted[Math.max(0, Math.min(n - 1, rank - 1))] / 1e6;
    }
    return out;
  }
}
