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
   * Closes the period and estimates, per task, one epoch over what the edge holds now: emulated
   * time per sample x samples held. A task without a step this period keeps its last per-sample
   * time; a task never timed is left out.
   *
   * @param samples S_j per task, the samples held
   * @return emulated epoch milliseconds per timed task
   */
  public synchronized Map<String, Double> closePeriod(Map<String, Long> samples) {
    perTask.forEach(
        (task, sum) -> {
          if (sum[0] > 0) {
            lastPerSample.put(task, sum[1] / 1e6 / sum[0]);
          }
        });
    perTask.clear();
    Map<String, Double> epochs = new LinkedHashMap<>();
    samples.forEach(
        (task, held) -> {
          Double perSample = lastPerSample.get(task);
          if (perSample != null) {
            epochs.put(task, perSample * held);
          }
        });
    return epochs;
  }
}
