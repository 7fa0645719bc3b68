package org.divs.source;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * A daily traffic profile: vehicles arriving per second at each time of day, periodic over 24
 * hours, linear between evenly spaced steps.
 *
 * <p>{@link #fromFlowCsv} averages a count series (a {@link FlowSource} CSV) per time of day and
 * scales it so that its busiest step arrives at a given peak rate: a synthetic scene driven by it
 * has vehicles per window that follow the real traffic's daily shape. The synthetic road saturates
 * at about 0.8 vehicles per second, so peaks are limited to {@link #MAX_PEAK}.
 */
public final class TrafficProfile {
  /** The highest peak rate allowed (vehicles per second), below the synthetic road's capacity. */
  public static final double MAX_PEAK = 0.75;

  private static final double DAY_S = 86_400;

  private final double[] rates;

  private TrafficProfile(double[] rates) {
    this.rates = rates;
  }

  /**
   * A profile from rates at evenly spaced times of day, the first at midnight.
   *
   * @param perSecond vehicles per second at each step; finite and non-negative
   * @return the profile
   */
  public static TrafficProfile of(double... perSecond) {
    if (perSecond.length == 0) {
      throw new IllegalArgumentException("a profile needs at least one step");
    }
    for (double r : perSecond) {
      if (!(r >= 0) || Double.isInfinite(r)) {
        throw new IllegalArgumentException("rates must be finite and >= 0: " + r);
      }
    }
    return new TrafficProfile(perSecond.clone());
  }

  /**
   * The mean daily shape of a count series, scaled so that its busiest step is {@code peak}.
   *
   * @param csv a flow CSV as read by {@link FlowSource}
   * @param column the count column
   * @param peak vehicles per second at the busiest step, in (0, {@link #MAX_PEAK}]
   * @return a profile with one step per row interval of the file (288 for 5-minute rows)
   * @throws IOException when the file cannot be read
   */
  public static TrafficProfile fromFlowCsv(Path csv, String column, double peak)
      throws IOException {
    if (!(peak > 0 && peak <= MAX_PEAK)) {
      throw new IllegalArgumentException(
          "peak rate must be in (0, " + MAX_PEAK + "] vehicles/s (the road saturates): " + peak);
    }
    double[] sum;
    long[] n;
    try (FlowSource src = new FlowSource(csv, FlowSource.Options.defaults().withColumn(column))) {
      int steps = (int) Math.max(1, Math.round(DAY_S * 1000 / src.stepMs()));
      sum = new double[steps];
      n = new long[steps];
      SourceFrame f;
      while ((f = src.next()) != null) {
        int k = (int) (Math.floorMod(f.timeMs(), (long) DAY_S * 1000) / src.stepMs()) % steps;
        sum[k] += f.count();
        n[k]++;
      }
    }
    double[] mean = new double[sum.length];
    double max = 0;
    for (int k = 0; k < mean.length; k++) {
      mean[k] = n[k] == 0 ? Double.NaN : sum[k] / n[k];
      if (n[k] > 0) {
        max = Math.max(max, mean[k]);
      }
    }
    if (!(max > 0)) {
      throw new IOException("flow CSV " + csv + " has no positive count");
    }
    for (int k = 0; k < mean.length; k++) {
      mean[k] = Double.isNaN(mean[k]) ? 0 : mean[k] * peak / max;
    }
    return new TrafficProfile(mean);
  }

  /** Steps per day. */
  public int steps() {
    return rates.length;
  }

  /** The busiest step's rate. */
  public double peak() {
    return Arrays.stream(rates).max().orElse(0);
  }

  /** The mean rate over the day. */
  public double mean() {
    return Arrays.stream(rates).average().orElse(0);
  }

  /** Vehicles per second at {@code secondOfDay} (any real number: the profile repeats daily). */
  public double rateAt(double secondOfDay) {
    double t = ((secondOfDay % DAY_S) + DAY_S) % DAY_S;
    double pos = t / DAY_S * rates.length;
    int k = (int) Math.floor(pos);
    double frac = pos - k;
    double a = rates[k % rates.length];
    double b = rates[(k + 1) % rates.length];
    return a + (b - a) * frac;
  }

  /**
   * The arrival rate over stream time for a scene whose day is compressed.
   *
   * @param startSecondOfDay time of day at stream time 0
   * @param streamSecondsPerDay stream seconds that one day of the profile takes (86,400 = real
   *     time)
   * @return stream second -> vehicles per stream second
   */
  public DoubleUnaryOperator overStreamTime(double startSecondOfDay, double streamSecondsPerDay) {
    if (!(streamSecondsPerDay > 0)) {
      throw new IllegalArgumentException("a day must last a positive time: " + streamSecondsPerDay);
    }
    double k = DAY_S / streamSecondsPerDay;
    return t -> rateAt(startSecondOfDay + t * k);
  }
}
