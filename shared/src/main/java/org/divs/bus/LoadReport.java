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
 * @param frameMillis t_j, emulated training time per frame over all tasks (0 when not measured)
 * @param epochMillis T_j = t_j n_j
 * @param freeCapacity frames its store takes before evicting
 * @param speed the edge's emulated speed
 */
public record LoadReport(
    String edge,
    long period,
    long frames,
    Map<String, Long> samples,
    double frameMillis,
    double epochMillis,
    long freeCapacity,
    double speed) {
  /** Sorted defensive copy of the samples. */
  public LoadReport {
    samples = Collections.unmodifiableMap(new TreeMap<>(samples));
  }

  /** Whether t_j was measured (the edge has trained and holds frames). */
  public boolean measured() {
    return frameMillis > 0 && frames > 0;
  }
}
