package org.divs.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.divs.flow.FlowSeries;
import org.divs.source.CalendarFields;
import org.divs.window.Window;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SeriesStore")
class SeriesStoreTest {
  private static final long STRIDE = 60_000;

  private static Window window(String terminal, long incarnation, long k, double count) {
    long start = k * STRIDE;
    return new Window(terminal, incarnation, k, start, start + STRIDE, List.of(), count, null);
  }

  @Test
  @DisplayName("turns a terminal's windows into a series at the stride, a skipped window a gap")
  void windowsBecomeSteps() {
    SeriesStore store = new SeriesStore(100);
    for (int k = 0; k < 10; k++) {
      if (k != 6) {
        store.add(window("cam", 1, k, k), STRIDE);
      }
    }
    assertThat(store.add(window("cam", 1, 10, Double.NaN), STRIDE)).isFalse();
    List<FlowSeries> series = store.snapshot();
    assertThat(series).hasSize(1);
    FlowSeries s = series.get(0);
    assertThat(s.size()).isEqualTo(9);
    assertThat(s.stepMs()).isEqualTo(STRIDE);
    assertThat(s.count(7)).isEqualTo(8f);
    assertThat(s.minuteOfDay(3)).as("minute of day from stream time").isEqualTo(3);
    // 2 in, 1 out: origins 2..5 before the gap at step 6, 8..9 after it
    assertThat(s.origins(2, 1)).containsExactly(2, 3, 4, 5, 8);
  }

  @Test
  @DisplayName("keeps a window's own calendar")
  void keepsCalendar() {
    SeriesStore store = new SeriesStore(10);
    store.add(
        new Window("cam", 1, 0, 0, STRIDE, List.of(), 4, new CalendarFields(600, 6, false)),
        STRIDE);
    FlowSeries s = store.snapshot().get(0);
    assertThat(s.minuteOfDay(0)).isEqualTo(600);
    assertThat(s.offDay(0)).isTrue();
  }

  @Test
  @DisplayName("starts a new run on a restart, keeps terminals apart and drops the oldest steps")
  void runsTerminalsAndCapacity() {
    SeriesStore store = new SeriesStore(5);
    for (int k = 0; k < 4; k++) {
      store.add(window("a", 1, k, 1), STRIDE);
    }
    for (int k = 0; k < 3; k++) {
      store.add(window("a", 2, k, 2), STRIDE);
    }
    store.add(window("b", 1, 0, 3), STRIDE);
    assertThat(store.sizes()).containsEntry("a", 5).containsEntry("b", 1);
    List<FlowSeries> series = store.snapshot();
    assertThat(series).extracting(FlowSeries::size).containsExactly(2, 3, 1);
    assertThat(series.get(1).count(0)).isEqualTo(2f);
  }

  @Test
  @DisplayName(
      "names the steps whose windows overlap a span and removes steps by start, only of that"
          + " terminal and incarnation")
  void overlapAndRemove() {
    SeriesStore store = new SeriesStore(100);
    for (long inc : new long[] {1, 2}) {
      for (int k = 0; k < 3; k++) { // windows of two strides: [k, k + 2)
        store.add(
            new Window("cam", inc, k, k * STRIDE, (k + 2) * STRIDE, List.of(), k, null), STRIDE);
      }
    }
    for (int k = 0; k < 3; k++) {
      store.add(window("other", 1, k, k), STRIDE);
    }
    assertThat(store.overlapping("cam", 1, STRIDE, 2 * STRIDE)).containsExactly(0L, STRIDE);
    assertThat(store.overlapping("cam", 1, 4 * STRIDE, 5 * STRIDE)).isEmpty();
    assertThat(store.overlapping("nobody", 1, 0, STRIDE)).isEmpty();
    assertThat(store.remove("cam", 1, List.of(0L, 2 * STRIDE, 9 * STRIDE))).isEqualTo(2);
    assertThat(store.remove("nobody", 1, List.of(0L))).isZero();
    assertThat(store.sizes()).containsEntry("cam", 4).containsEntry("other", 3);
    List<FlowSeries> runs = store.snapshot();
    assertThat(runs.get(0).size()).as("incarnation 1: window 1 stays").isOne();
    assertThat(runs.get(0).count(0)).isEqualTo(1f);
    assertThat(runs.get(1).size()).as("incarnation 2 untouched").isEqualTo(3);
  }
}
