package org.divs.flow;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.divs.model.LstmBlock;
import org.divs.source.CalendarFields;
import org.divs.source.FlowSource;
import org.divs.source.SourceFrame;

/**
 * A count series at a fixed time step with the calendar of every step, and the LSTM samples built
 * from it.
 *
 * <p>A step is (time, count, calendar): a row of a {@code flow} CSV, or one window of a camera's
 * stream. Times only grow; a gap (two steps further apart than {@link #stepMs()}) is allowed, and
 * no sample spans it, so series of several weeks or cameras can be {@link #concat concatenated}.
 *
 * <p>A sample at origin {@code t} (the index of its first forecast step) holds the {@code lookback}
 * steps {@code t - lookback .. t - 1} as input, {@value LstmBlock#FEATURES} features each: the
 * count divided by the scale, sin and cos of 2&pi; x time of day, and 1 on a weekend or holiday
 * (else 0); its target is the {@code horizon} counts {@code t .. t + horizon - 1} divided by the
 * scale. The scale is one constant from the task's config, so every edge's model sees the same
 * units and weight sets can be merged.
 *
 * <p>Immutable.
 */
public final class FlowSeries {
  private static final long DAY_MS = 86_400_000L;
  private static final long WEEK_MS = 7 * DAY_MS;

  private final long stepMs;
  private final long[] timeMs;
  private final float[] counts;
  private final int[] minuteOfDay;
  private final boolean[] offDay;

  private FlowSeries(
      long stepMs, long[] timeMs, float[] counts, int[] minuteOfDay, boolean[] offDay) {
    this.stepMs = stepMs;
    this.timeMs = timeMs;
    this.counts = counts;
    this.minuteOfDay = minuteOfDay;
    this.offDay = offDay;
  }

  /**
   * Starts a series.
   *
   * @param stepMs the time step in ms, positive
   * @return a builder
   */
  public static Builder builder(long stepMs) {
    return new Builder(stepMs);
  }

  /**
   * Reads every remaining row of a flow source.
   *
   * @param source an open source; rows it skips as bad leave a gap
   * @return the series, at the source's step
   */
  public static FlowSeries read(FlowSource source) {
    Builder b = builder(source.stepMs());
    SourceFrame f;
    while ((f = source.next()) != null) {
      b.add(f.timeMs(), f.count(), f.calendar());
    }
    return b.build();
  }

  /**
   * Reads rows [{@code fromRow}, {@code toRow}) of one column of a flow CSV.
   *
   * @param csv the file
   * @param column the count column, e.g. {@code flow}
   * @param fromRow first data row (0-based)
   * @param toRow end row (exclusive); 0 = the end of the file
   * @return the series
   * @throws IOException naming the file when it cannot be read
   */
  public static FlowSeries read(java.nio.file.Path csv, String column, int fromRow, int toRow)
      throws IOException {
    try (FlowSource src =
        new FlowSource(
            csv, FlowSource.Options.defaults().withColumn(column).withRows(fromRow, toRow))) {
      return read(src);
    }
  }

  /**
   * Joins series of the same step; a gap between them keeps samples from spanning the join.
   *
   * @param parts series in time order
   * @return one series
   */
  public static FlowSeries concat(List<FlowSeries> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("nothing to concatenate");
    }
    Builder b = builder(parts.get(0).stepMs);
    for (FlowSeries p : parts) {
      if (p.stepMs != b.stepMs) {
        throw new IllegalArgumentException(
            "steps differ: " + p.stepMs + " ms and " + b.stepMs + " ms");
      }
      for (int i = 0; i < p.size(); i++) {
        b.add(p.timeMs[i], p.counts[i], p.minuteOfDay[i], p.offDay[i]);
      }
    }
    return b.build();
  }

  /** The time step in ms. */
  public long stepMs() {
    return stepMs;
  }

  /** The number of steps. */
  public int size() {
    return counts.length;
  }

  /** The time of step {@code i} in ms. */
  public long timeMs(int i) {
    return timeMs[i];
  }

  /** The count of step {@code i}. */
  public float count(int i) {
    return counts[i];
  }

  /** Minutes since midnight of step {@code i}. */
  public int minuteOfDay(int i) {
    return minuteOfDay[i];
  }

  /** Whether step {@code i} falls on a weekend or a holiday. */
  public boolean offDay(int i) {
    return offDay[i];
  }

  /** Steps per day: the number of slots of {@link #slot(int)}. */
  public int slotsPerDay() {
    return (int) ((DAY_MS + stepMs - 1) / stepMs);
  }

  /** The time-of-day slot of step {@code i}: minutes since midnight in steps, 0-based. */
  public int slot(int i) {
    return (int) (minuteOfDay[i] * 60_000L / stepMs);
  }

  /**
   * Steps [{@code from}, {@code to}).
   *
   * @param from first step
   * @param to end step (exclusive)
   * @return a new series
   */
  public FlowSeries slice(int from, int to) {
    Objects.checkFromToIndex(from, to, size());
    return new FlowSeries(
        stepMs,
        Arrays.copyOfRange(timeMs, from, to),
        Arrays.copyOfRange(counts, from, to),
        Arrays.copyOfRange(minuteOfDay, from, to),
        Arrays.copyOfRange(offDay, from, to));
  }

  /**
   * Cuts the series into consecutive 7-day parts, counted from its first step.
   *
   * @return the weeks in order; the last may be shorter
   */
  public List<FlowSeries> weeks() {
    List<FlowSeries> out = new ArrayList<>();
    int from = 0;
    for (int i = 1; i <= size(); i++) {
      if (i == size()
          || (timeMs[i] - timeMs[0]) / WEEK_MS != (timeMs[from] - timeMs[0]) / WEEK_MS) {
        out.add(slice(from, i));
        from = i;
      }
    }
    return out;
  }

  /**
   * The origins of every sample of {@code lookback} steps in and {@code horizon} out that spans no
   * gap, in order.
   *
   * @param lookback steps of history, at least 1
   * @param horizon steps ahead, at least 1
   * @return indices {@code t} of the first forecast step
   */
  public int[] origins(int lookback, int horizon) {
    if (lookback < 1 || horizon < 1) {
      throw new IllegalArgumentException("lookback and horizon must be at least 1");
    }
    int[] out = new int[Math.max(0, size() - lookback - horizon + 1)];
    int n = 0;
    long span = (lookback + horizon - 1) * stepMs;
    for (int t = lookback; t + horizon <= size(); t++) {
      if (timeMs[t + horizon - 1] - timeMs[t - lookback] == span) {
        out[n++] = t;
      }
    }
    return Arrays.copyOf(out, n);
  }

  /**
   * The model inputs of samples: {@code lookback x 4} floats per origin (see the class comment).
   *
   * @param origins sample origins from {@link #origins(int, int)}
   * @param lookback steps of history
   * @param scale the count that maps to 1, positive
   * @return {@code origins.length * lookback * 4} floats
   */
  public float[] inputs(int[] origins, int lookback, float scale) {
    checkScale(scale);
    int f = LstmBlock.FEATURES;
    float[] x = new float[origins.length * lookback * f];
    int o = 0;
    for (int t : origins) {
      for (int i = t - lookback; i < t; i++) {
        double angle = 2 * Math.PI * minuteOfDay[i] / 1440.0;
        x[o++] = counts[i] / scale;
        x[o++] = (float) Math.sin(angle);
        x[o++] = (float) Math.cos(angle);
        x[o++] = offDay[i] ? 1f : 0f;
      }
    }
    return x;
  }

  /**
   * The counts to forecast of samples, in counts (not scaled).
   *
   * @param origins sample origins
   * @param horizon steps ahead
   * @return {@code origins.length * horizon} counts
   */
  public float[] actuals(int[] origins, int horizon) {
    float[] y = new float[origins.length * horizon];
    for (int s = 0; s < origins.length; s++) {
      System.arraycopy(counts, origins[s], y, s * horizon, horizon);
    }
    return y;
  }

  /**
   * The training targets of samples: {@link #actuals} divided by the scale.
   *
   * @param origins sample origins
   * @param horizon steps ahead
   * @param scale the count that maps to 1, positive
   * @return {@code origins.length * horizon} floats
   */
  public float[] targets(int[] origins, int horizon, float scale) {
    checkScale(scale);
    float[] y = actuals(origins, horizon);
    for (int i = 0; i < y.length; i++) {
      y[i] /= scale;
    }
    return y;
  }

  private static void checkScale(float scale) {
    if (!(scale > 0) || !Float.isFinite(scale)) {
      throw new IllegalArgumentException("count scale must be positive, got " + scale);
    }
  }

  @Override
  public String toString() {
    return "FlowSeries[" + size() + " steps of " + stepMs / 1000 + " s]";
  }

  /** Builds a {@link FlowSeries} step by step, in time order. */
  public static final class Builder {
    private final long stepMs;
    private long[] timeMs = new long[256];
    private float[] counts = new float[256];
    private int[] minuteOfDay = new int[256];
    private boolean[] offDay = new boolean[256];
    private int n;

    private Builder(long stepMs) {
      if (stepMs < 1) {
        throw new IllegalArgumentException("step must be positive, got " + stepMs + " ms");
      }
      this.stepMs = stepMs;
    }

    /**
     * Appends a step.
     *
     * @param time its time in ms, later than the previous step's
     * @param count vehicles counted, finite and at least 0
     * @param calendar its calendar fields
     * @return this builder
     */
    public Builder add(long time, double count, CalendarFields calendar) {
      Objects.requireNonNull(calendar, "calendar");
      return add(time, count, calendar.minuteOfDay(), calendar.weekendOrHoliday());
    }

    private Builder add(long time, double count, int minute, boolean off) {
      if (!(count >= 0) || Double.isInfinite(count)) {
        throw new IllegalArgumentException("count must be finite and >= 0, got " + count);
      }
      if (n > 0 && time <= timeMs[n - 1]) {
        throw new IllegalArgumentException(
            "step at " + time + " ms is not after the previous one at " + timeMs[n - 1] + " ms");
      }
      if (n == counts.length) {
        int c = n * 2;
        timeMs = Arrays.copyOf(timeMs, c);
        counts = Arrays.copyOf(counts, c);
        minuteOfDay = Arrays.copyOf(minuteOfDay, c);
        offDay = Arrays.copyOf(offDay, c);
      }
      timeMs[n] = time;
      counts[n] = (float) count;
      minuteOfDay[n] = minute;
      offDay[n] = off;
      n++;
      return this;
    }

    /**
     * Builds the series.
     *
     * @return the series of the steps added so far
     */
    public FlowSeries build() {
      return new FlowSeries(
          stepMs,
          Arrays.copyOf(timeMs, n),
          Arrays.copyOf(counts, n),
          Arrays.copyOf(minuteOfDay, n),
          Arrays.copyOf(offDay, n));
    }
  }
}
