package org.divs.inference;

import java.util.TreeMap;

/**
 * Pairs each forecast of a window's count with the count that then arrives, and keeps the running
 * mean absolute error. One per terminal; thread-safe.
 */
public final class ForecastTracker {
  private final TreeMap<Long, Double> pending = new TreeMap<>();
  private final int maxPending;
  private double absErrorSum;
  private long pairs;

  /**
   * @param maxPending forecasts kept while their actual count has not arrived; older ones are
   *     forgotten
   */
  public ForecastTracker(int maxPending) {
    this.maxPending = maxPending;
  }

  /** Records the forecast of window {@code window}'s count. */
  public synchronized void forecast(long window, double count) {
    pending.put(window, count);
    while (pending.size() > maxPending) {
      pending.pollFirstEntry();
    }
  }

  /**
   * Records window {@code window}'s actual count; returns the forecast it is paired with, or NaN
   * when there was none.
   */
  public synchronized double actual(long window, double count) {
    Double predicted = pending.remove(window);
    pending.headMap(window).clear();
    if (predicted == null) {
      return Double.NaN;
    }
    absErrorSum += Math.abs(predicted - count);
    pairs++;
    return predicted;
  }

  /** The running MAE over every paired window; NaN before the first pair. */
  public synchronized double mae() {
    return pairs == 0 ? Double.NaN : absErrorSum / pairs;
  }

  /** Windows paired so far. */
  public synchronized long pairs() {
    return pairs;
  }
}
