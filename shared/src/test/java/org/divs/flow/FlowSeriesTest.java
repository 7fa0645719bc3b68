package org.divs.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.divs.source.CalendarFields;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("FlowSeries")
class FlowSeriesTest {
  static final long STEP = 300_000;
  static final long MONDAY = 1_514_764_800_000L; // 2018-01-01 00:00 (a Monday), as UTC

  /** Steps {@code from .. to - 1} of 5 minutes from Monday 00:00, counts {@code 10 * index}. */
  static FlowSeries.Builder steps(FlowSeries.Builder b, int from, int to) {
    for (int i = from; i < to; i++) {
      long t = MONDAY + i * STEP;
      int minute = (int) ((t / 60_000) % 1440);
      int day = (int) (((t - MONDAY) / 86_400_000L) % 7);
      b.add(t, 10.0 * i, new CalendarFields(minute, day, false));
    }
    return b;
  }

  @Test
  @DisplayName("A sample's input holds scaled counts, sin and cos of time of day and the day flag")
  void features() {
    FlowSeries s = steps(FlowSeries.builder(STEP), 0, 40).build();
    int[] origins = {20};
    float[] x = s.inputs(origins, 3, 100f);
    float[] y = s.targets(origins, 2, 100f);

    assertThat(x).hasSize(3 * 4);
    // steps 17, 18, 19: 85, 90, 95 minutes after midnight on a Monday
    for (int k = 0; k < 3; k++) {
      int i = 17 + k;
      double angle = 2 * Math.PI * (i * 5) / 1440.0;
      assertThat(x[4 * k]).isCloseTo(i * 10 / 100f, within(1e-6f));
      assertThat(x[4 * k + 1]).isCloseTo((float) Math.sin(angle), within(1e-6f));
      assertThat(x[4 * k + 2]).isCloseTo((float) Math.cos(angle), within(1e-6f));
      assertThat(x[4 * k + 3]).isZero();
    }
    assertThat(y).containsExactly(2.0f, 2.1f);
    assertThat(s.actuals(origins, 2)).containsExactly(200f, 210f);
  }

  @Test
  @DisplayName("Saturdays, Sundays and holidays are off days; slots count steps since midnight")
  void offDaysAndSlots() {
    FlowSeries s =
        FlowSeries.builder(STEP)
            .add(MONDAY, 1, new CalendarFields(0, 0, false))
            .add(MONDAY + STEP, 1, new CalendarFields(5, 0, true))
            .add(MONDAY + 2 * STEP, 1, new CalendarFields(10, 5, false))
            .add(MONDAY + 3 * STEP, 1, new CalendarFields(1435, 6, false))
            .build();
    assertThat(List.of(s.offDay(0), s.offDay(1), s.offDay(2), s.offDay(3)))
        .containsExactly(false, true, true, true);
    assertThat(List.of(s.slot(0), s.slot(1), s.slot(2), s.slot(3))).containsExactly(0, 1, 2, 287);
    assertThat(s.slotsPerDay()).isEqualTo(288);
    assertThat(s.inputs(new int[] {2}, 1, 1f)[3]).isEqualTo(1f);
  }

  @Test
  @DisplayName("Samples never span a gap, so weeks and parts can be joined")
  void noSampleAcrossGaps() {
    FlowSeries s = steps(steps(FlowSeries.builder(STEP), 0, 10), 15, 25).build();
    // 10 steps, gap, 10 steps: each run has 10 - 3 - 2 + 1 = 6 samples of 3 in and 2 out
    assertThat(s.origins(3, 2)).containsExactly(3, 4, 5, 6, 7, 8, 13, 14, 15, 16, 17, 18);
    assertThat(s.origins(6, 6)).isEmpty();

    FlowSeries joined = FlowSeries.concat(List.of(s.slice(0, 10), s.slice(10, 20)));
    assertThat(joined.origins(3, 2)).isEqualTo(s.origins(3, 2));
    FlowSamples samples = FlowSamples.of(List.of(s, s), 3, 2, 10f);
    assertThat(samples.size()).isEqualTo(24);
  }

  @Test
  @DisplayName("Weeks are cut every 7 days from the first step")
  void weeks() {
    int perWeek = 7 * 288;
    FlowSeries s = steps(FlowSeries.builder(STEP), 0, 2 * perWeek + 100).build();
    List<FlowSeries> weeks = s.weeks();
    assertThat(weeks).extracting(FlowSeries::size).containsExactly(perWeek, perWeek, 100);
    assertThat(weeks.get(1).timeMs(0)).isEqualTo(MONDAY + perWeek * STEP);
  }

  @Test
  @DisplayName("Steps out of order, negative counts and a bad scale are refused")
  void refusesBadInput() {
    FlowSeries.Builder b = steps(FlowSeries.builder(STEP), 0, 2);
    CalendarFields cal = new CalendarFields(0, 0, false);
    assertThatThrownBy(() -> b.add(MONDAY, 1, cal)).hasMessageContaining("not after");
    assertThatThrownBy(() -> b.add(MONDAY + 9 * STEP, -1, cal)).hasMessageContaining(">= 0");
    FlowSeries s = b.build();
    assertThatThrownBy(() -> s.inputs(new int[] {1}, 1, 0f)).hasMessageContaining("scale");
  }
}
