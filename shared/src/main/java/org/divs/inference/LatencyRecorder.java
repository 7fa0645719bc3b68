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
  public synchronized double quantileMillis(double q) {
    int n = (int) Math.min(count, ring.length);
    if (n == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(ring, n);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(q * n);
    return sorted[Math.max(0, Math.min(n - 1, rank - 1))] / 1e6;
  }
}
