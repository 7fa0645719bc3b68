package org.divs.flow;

/**
 * Errors of multi-step forecasts against the actual counts, per horizon: mean absolute error, root
 * mean squared error and mean absolute percentage error.
 *
 * <p>Horizons are 1-based: {@code mae(1)} is the error of the next step. The "mean" figures are
 * over horizons 1..H: {@link #meanMae()} is the mean of the per-horizon MAEs (every horizon has the
 * same samples, so also the MAE over all forecast values), {@link #meanRmse()} the root of the mean
 * squared error over all values, {@link #meanMape()} the MAPE over all values. MAPE leaves out
 * actual counts of 0 (where it is undefined); {@link #mapeSamples(int)} says how many it used.
 * Immutable.
 */
public final class ForecastMetrics {
  private final int samples;
  private final double[] absSum;
  private final double[] sqSum;
  private final double[] apeSum;
  private final long[] apeCount;

  private ForecastMetrics(
      int samples, double[] absSum, double[] sqSum, double[] apeSum, long[] apeCount) {
    this.samples = samples;
    this.absSum = absSum;
    this.sqSum = sqSum;
    this.apeSum = apeSum;
    this.apeCount = apeCount;
  }

  /**
   * Compares forecasts with actual counts.
   *
   * @param predicted {@code samples * horizon} forecasts, sample by sample
   * @param actual as many actual counts, in the same order
   * @param horizon steps per sample
   * @return the metrics
   */
  public static ForecastMetrics of(float[] predicted, float[] actual, int horizon) {
    if (horizon < 1) {
      throw new IllegalArgumentException("horizon must be at least 1, got " + horizon);
    }
    if (predicted.length != actual.length || actual.length % horizon != 0) {
      throw new IllegalArgumentException(
          predicted.length
              + " forecasts and "
              + actual.length
              + " actual counts do not make whole samples of "
              + horizon);
    }
    int n = actual.length / horizon;
    double[] abs = new double[horizon];
    double[] sq = new double[horizon];
    double[] ape = new double[horizon];
    long[] apeN = new long[horizon];
    for (int s = 0; s < n; s++) {
      for (int h = 0; h < horizon; h++) {
        double a = actual[s * horizon + h];
        double e = predicted[s * horizon + h] - a;
        abs[h] += Math.abs(e);
        sq[h] += e * e;
        if (a != 0) {
          ape[h] += Math.abs(e / a);
          apeN[h]++;
        }
      }
    }
    return new ForecastMetrics(n, abs, sq, ape, apeN);
  }

  /**
   * Runs a forecaster over a series and compares it with the actual counts.
   *
   * @param forecaster the forecaster
   * @param series the series
   * @param origins sample origins
   * @param horizon steps ahead
   * @return the metrics
   */
  public static ForecastMetrics of(
      Forecaster forecaster, FlowSeries series, int[] origins, int horizon) {
    return of(
        forecaster.forecast(series, origins, horizon), series.actuals(origins, horizon), horizon);
  }

  /** The number of samples compared. */
  public int samples() {
    return samples;
  }

  /** The number of steps forecast per sample. */
  public int horizon() {
    return absSum.length;
  }

  /** Mean absolute error at horizon {@code h} (1-based). */
  public double mae(int h) {
    return absSum[index(h)] / samples;
  }

  /** Root mean squared error at horizon {@code h} (1-based). */
  public double rmse(int h) {
    return Math.sqrt(sqSum[index(h)] / samples);
  }

  /** Mean absolute percentage error at horizon {@code h} (1-based), in percent. */
  public double mape(int h) {
    int i = index(h);
    return apeCount[i] == 0 ? Double.NaN : 100 * apeSum[i] / apeCount[i];
  }

  /** Samples with a non-zero actual count at horizon {@code h}: those MAPE uses. */
  public long mapeSamples(int h) {
    return apeCount[index(h)];
  }

  /** MAE over horizons 1..H. */
  public double meanMae() {
    return sum(absSum) / ((double) samples * horizon());
  }

  /** RMSE over every forecast value of horizons 1..H. */
  public double meanRmse() {
    return Math.sqrt(sum(sqSum) / ((double) samples * horizon()));
  }

  /** MAPE over every forecast value of horizons 1..H with a non-zero actual, in percent. */
  public double meanMape() {
    long n = 0;
    for (long c : apeCount) {
      n += c;
    }
    return n == 0 ? Double.NaN : 100 * sum(apeSum) / n;
  }

  private int index(int h) {
    if (h < 1 || h > horizon()) {
      throw new IllegalArgumentException("horizon " + h + " outside 1.." + horizon());
    }
    if (samples == 0) {
      throw new IllegalStateException("no samples were compared");
    }
    return h - 1;
  }

  private static double sum(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s;
  }

  @Override
  public String toString() {
    return String.format(
        "ForecastMetrics[%d samples, MAE h1 %.2f h%d %.2f mean %.2f]",
        samples, mae(1), horizon(), mae(horizon()), meanMae());
  }
}
