package org.divs.flow;

/**
 * The historical-average baseline: a step's forecast is the mean count of the same time-of-day slot
 * on the same day type (weekday, or weekend-or-holiday) over a training series.
 *
 * <p>A slot and day type the training series never saw falls back to the same slot on the other day
 * type, then to the training series' overall mean.
 */
public final class SlotAverage implements Forecaster {
  private final long stepMs;
  private final double[][] mean; // [offDay ? 1 : 0][slot]

  private SlotAverage(long stepMs, double[][] mean) {
    this.stepMs = stepMs;
    this.mean = mean;
  }

  /**
   * Learns the averages from a training series.
   *
   * @param training the series, not empty
   * @return the baseline
   */
  public static SlotAverage fit(FlowSeries training) {
    if (training.size() == 0) {
      throw new IllegalArgumentException("cannot average an empty series");
    }
    int slots = training.slotsPerDay();
    double[][] sum = new double[2][slots];
    long[][] n = new long[2][slots];
    double all = 0;
    for (int i = 0; i < training.size(); i++) {
      int type = training.offDay(i) ? 1 : 0;
      sum[type][training.slot(i)] += training.count(i);
      n[type][training.slot(i)]++;
      all += training.count(i);
    }
    double overall = all / training.size();
    double[][] mean = new double[2][slots];
    for (int type = 0; type < 2; type++) {
      for (int k = 0; k < slots; k++) {
        if (n[type][k] > 0) {
          mean[type][k] = sum[type][k] / n[type][k];
        } else if (n[1 - type][k] > 0) {
          mean[type][k] = sum[1 - type][k] / n[1 - type][k];
        } else {
          mean[type][k] = overall;
        }
      }
    }
    return new SlotAverage(training.stepMs(), mean);
  }

  /**
   * The learnt average of a slot and day type.
   *
   * @param slot the time-of-day slot
   * @param offDay weekend or holiday
   * @return the mean count
   */
  public double average(int slot, boolean offDay) {
    return mean[offDay ? 1 : 0][slot];
  }

  @Override
  public String name() {
    return "slot average";
  }

  @Override
  public float[] forecast(FlowSeries series, int[] origins, int horizon) {
    if (series.stepMs() != stepMs) {
      throw new IllegalArgumentException(
          "series step " + series.stepMs() + " ms, averages learnt at " + stepMs + " ms");
    }
    float[] out = new float[origins.length * horizon];
    for (int s = 0; s < origins.length; s++) {
      for (int h = 0; h < horizon; h++) {
        int i = origins[s] + h;
        out[s * horizon + h] = (float) average(series.slot(i), series.offDay(i));
      }
    }
    return out;
  }
}
