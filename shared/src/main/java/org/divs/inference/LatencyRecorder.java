package org.divs.inference;

import java.util.Arrays;

/**
 * Latency percentiles over the last {@code window} samples (a ring), in milliseconds. Thread-safe.
 *
 * <p>Beside the ring it keeps the same samples sorted, updated per sample by a binary search and an
 * array move to take out the sample leaving the window, and another to put the new one in: a
 * serving edge asks for percentiles with every chunk, and sorting the window each time (a profile
 * of {@code divs bench ingest} showed it at an eighth of an edge's CPU) cost more than the rest of
 * serving an unannotated chunk.
 */
public final class LatencyRecorder {
  private final long[] ring;
  private final long[] sorted;
  private long count;

  /**
   * @param window how many recent samples the percentiles cover
   */
  public LatencyRecorder(int window) {
    if (window < 1) {
      throw new IllegalArgumentException("window must be at least 1, got " + window);
    }
    ring = new long[window];
    sorted = new long[window];
  }

  /** Records one latency. */
  public synchronized void record(long nanos) {
    int slot = (int) (count % ring.length);
    int n = (int) Math.min(count, ring.length);
    if (count >= ring.length) {
      // the sample leaving the window leaves the sorted copy
      int out = Arrays.binarySearch(sorted, 0, n, ring[slot]);
      System.arraycopy(sorted, out + 1, sorted, out, n - out - 1);
      n--;
    }
    int at = Arrays.binarySearch(sorted, 0, n, nanos);
    if (at < 0) {
      at = -at - 1;
    }
    System.arraycopy(sorted, at, sorted, at + 1, n - at);
    sorted[at] = nanos;
    ring[slot] = nanos;
    count++;
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

  /** The quantiles {@code qs} as {@link #quantileMillis} gives them. */
  public synchronized double[] quantilesMillis(double... qs) {
    double[] out = new double[qs.length];
    int n = (int) Math.min(count, ring.length);
    if (n == 0) {
      Arrays.fill(out, Double.NaN);
      return out;
    }
    for (int i = 0; i < qs.length; i++) {
      int rank = (int) Math.ceil(qs[i] * n);
      out[i] = sorted[Math.max(0, Math.min(n - 1, rank - 1))] / 1e6;
    }
    return out;
  }
}
