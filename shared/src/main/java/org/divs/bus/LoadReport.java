package org.divs.bus;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A street edge's load for one migration period, sent to {@link Addresses#CLOUD_STATS}.
 *
 * @param edge the street edge
 * @param period the period number, counted by the edge from its start
 * @param frames n_j, frames held for training
 * @param samples S_j per task, samples held
 * @param epochMillis per task, the emulated time of one epoch over the samples held (absent when
 *     the task has not trained yet)
 * @param freeCapacity frames its store takes before evicting
 * @param speed the edge's emulated speed
 */
public record LoadReport(
    String edge,
    long period,
    long frames,
    Map<String, Long> samples,
    Map<String, Double> epochMillis,
    long freeCapacity,
    double speed) {
  /** Sorted defensive copies. */
  public LoadReport {
    samples = Collections.unmodifiableMap(new TreeMap<>(samples));
    epochMillis = Collections.unmodifiableMap(new TreeMap<>(epochMillis));
  }

  /** T_j: one epoch over every task, in emulated milliseconds. */
  public double totalEpochMillis() {
    return epochMillis.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  /** t_j: T_j per frame held; 0 when nothing is held. */
  public double frameMillis() {
    return frames == 0 ? 0 : totalEpochMillis() / frames;
  }

  /** Whether t_j was measured (the edge has trained and holds frames). */
  public boolean measured() {
    return frames > 0 && totalEpochMillis() > 0;
  }
}
