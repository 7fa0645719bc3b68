package org.divs.flow;

/**
 * Forecasts the next counts of a series at given origins: the LSTM and the baselines alike, so one
 * piece of code ({@link ForecastMetrics#of}) judges them all.
 */
public interface Forecaster {

  /**
   * A short name for tables, e.g. {@code "last value"}.
   *
   * @return the name
   */
  String name();

  /**
   * Forecasts steps {@code t .. t + horizon - 1} of {@code series} for every origin {@code t},
   * seeing only steps before {@code t}.
   *
   * @param series the series
   * @param origins sample origins, from {@link FlowSeries#origins(int, int)}
   * @param horizon steps ahead
   * @return {@code origins.length * horizon} counts, origin by origin
   */
  float[] forecast(FlowSeries series, int[] origins, int horizon);
}
