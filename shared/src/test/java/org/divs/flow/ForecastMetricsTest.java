package org.divs.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.divs.source.CalendarFields;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Forecast metrics and baselines")
class ForecastMetricsTest {
  static final long STEP = FlowSeriesTest.STEP;
  static final long MONDAY = FlowSeriesTest.MONDAY;

  @Test
  @DisplayName("MAE, RMSE and MAPE per horizon and over all horizons match a hand computation")
  void handCase() {
    // two samples, horizon 2; errors: sample 0 (+1, -2), sample 1 (-3, +4)
    float[] actual = {10, 20, 30, 0};
    float[] predicted = {11, 18, 27, 4};
    ForecastMetrics m = ForecastMetrics.of(predicted, actual, 2);

    assertThat(m.samples()).isEqualTo(2);
    assertThat(m.mae(1)).isCloseTo((1 + 3) / 2.0, within(1e-9));
    assertThat(m.mae(2)).isCloseTo((2 + 4) / 2.0, within(1e-9));
    assertThat(m.rmse(1)).isCloseTo(Math.sqrt((1 + 9) / 2.0), within(1e-9));
    assertThat(m.rmse(2)).isCloseTo(Math.sqrt((4 + 16) / 2.0), within(1e-9));
    assertThat(m.meanMae()).isCloseTo(10 / 4.0, within(1e-9));
    assertThat(m.meanRmse()).isCloseTo(Math.sqrt(30 / 4.0), within(1e-9));
    // MAPE leaves out the actual 0
    assertThat(m.mape(1)).isCloseTo(100 * (0.1 + 0.1) / 2, within(1e-9));
    assertThat(m.mape(2)).isCloseTo(100 * 0.1, within(1e-9));
    assertThat(m.mapeSamples(2)).isEqualTo(1);
    assertThat(m.meanMape()).isCloseTo(100 * 0.3 / 3, within(1e-9));
    assertThatThrownBy(() -> m.mae(3)).hasMessageContaining("outside 1..2");
    assertThatThrownBy(() -> ForecastMetrics.of(new float[3], new float[4], 2))
        .hasMessageContaining("whole samples");
  }

  /** Monday..Sunday of one week then Monday: a step at 00:00 and one at 00:05 of each day. */
  static FlowSeries twoSlotsPerDay(double[] counts) {
    FlowSeries.Builder b = FlowSeries.builder(STEP);
    for (int i = 0; i < counts.length; i++) {
      int day = i / 2;
      int slot = i % 2;
      long t = MONDAY + day * 86_400_000L + slot * STEP;
      b.add(t, counts[i], new CalendarFields(slot * 5, day % 7, false));
    }
    return b.build();
  }

  @Test
  @DisplayName("The slot average keeps weekdays and off days apart, slot by slot")
  void slotAverage() {
    // Mon..Fri slot 0: 10, 20, 30, 40, 50 (mean 30); slot 1: 1..5 (mean 3)
    // Sat, Sun slot 0: 100, 200 (mean 150); slot 1: 7, 9 (mean 8)
    double[] week = {10, 1, 20, 2, 30, 3, 40, 4, 50, 5, 100, 7, 200, 9};
    SlotAverage avg = SlotAverage.fit(twoSlotsPerDay(week));
    assertThat(avg.average(0, false)).isEqualTo(30);
    assertThat(avg.average(1, false)).isEqualTo(3);
    assertThat(avg.average(0, true)).isEqualTo(150);
    assertThat(avg.average(1, true)).isEqualTo(8);
    // a slot never seen on any day type falls back to the overall mean
    assertThat(avg.average(100, false)).isCloseTo(481.0 / 14, within(1e-9));

    // forecasting Saturday 00:05 and Sunday 00:00 from an origin at Saturday 00:05
    FlowSeries s = twoSlotsPerDay(week);
    assertThat(avg.forecast(s, new int[] {11}, 2)).containsExactly(8f, 150f);
  }

  @Test
  @DisplayName("A slot seen on one day type only stands in for the other")
  void slotFallback() {
    double[] weekdaysOnly = {10, 1, 20, 2};
    SlotAverage avg = SlotAverage.fit(twoSlotsPerDay(weekdaysOnly));
    assertThat(avg.average(0, true)).isEqualTo(15);
    assertThat(avg.average(1, true)).isEqualTo(1.5);
  }

  @Test
  @DisplayName(
      "Last value repeats the step before the origin; the same code judges every forecaster")
  void lastValue() {
    double[] counts = {10, 1, 20, 2, 30, 3};
    FlowSeries s = twoSlotsPerDay(counts);
    int[] origins = {2, 4};
    assertThat(new LastValue().forecast(s, origins, 2)).containsExactly(1, 1, 2, 2);
    ForecastMetrics m = ForecastMetrics.of(new LastValue(), s, origins, 2);
    // errors: (1 - 20, 1 - 2), (2 - 30, 2 - 3)
    assertThat(m.mae(1)).isCloseTo((19 + 28) / 2.0, within(1e-9));
    assertThat(m.mae(2)).isCloseTo((1 + 1) / 2.0, within(1e-9));
  }
}
