package org.divs.migration;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a street edge measures for migration planning: per task, the samples trained and the
 * emulated time they took in the current period. Thread-safe: trainers record, the edge reads.
 *
 * <p>Heterogeneous hardware is emulated: an edge of speed s pauses (1/s - 1) t after each step that
 * took t of its thread's CPU time ({@link #pauseNanos}), so its emulated step time is t / s.
 */
public final class LoadMeter {
  private final double speed;
  private final Map<String, long[]> perTask = new LinkedHashMap<>();
  private final Map<String, Double> lastPerSample = new LinkedHashMap<>();

  /**
   * @param speed the edge's emulated speed in (0, 1]
   */
  public LoadMeter(double speed) {
    if (!(speed > 0 && speed <= 1)) {
      throw new IllegalArgumentException("speed must be in (0, 1], got " + speed);
    }
    this.speed = speed;
  }

  /** The pause that emulates this edge's speed after a step of {@code cpuNanos} CPU time. */
  public long pauseNanos(long cpuNanos) {
    return Math.round(cpuNanos * (1 / speed - 1));
  }

  /** Records one step of {@code task}: {@code samples} trained in {@code cpuNanos} CPU time. */
  public synchronized void record(String task, long samples, long cpuNanos) {
    long[] sum = perTask.computeIfAbsent(task, t -> new long[2]);
    sum[0] += samples;
    sum[1] += Math.round(cpuNanos / speed);
  }

  /**
   * Closes the period and estimates one epoch over what the edge holds now: T_j = sum over tasks of
   * (emulated time per sample) x (samples held), and t_j = T_j / n_j. A task without a step this
   * period keeps its last per-sample time; without any, it counts as free.
   *
   * @param frames n_j, the frames held
   * @param samples S_j per task, the samples held
   * @param freeCapacity frames the store takes before it evicts
   * @return the load, or null when nothing was ever measured or no frame is held
   */
  public synchronized EdgeLoad closePeriod(
      String edge, long frames, Map<String, Long> samples, long freeCapacity) {
    perTask.forEach(
        (task, sum) -> {
          if (sum[0] > 0) {
            lastPerSample.put(task, sum[1] / 1e6 / sum[0]);
          }
        });
    perTask.clear();
    double epochMillis = 0;
    for (Map.Entry<String, Long> held : samples.entrySet()) {
      epochMillis += lastPerSample.getOrDefault(held.getKey(), 0.0) * held.getValue();
    }
    if (frames == 0 || epochMillis <= 0) {
      return null;
    }
    return new EdgeLoad(edge, frames, epochMillis / frames, freeCapacity);
  }
}
