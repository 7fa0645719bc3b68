package org.divs.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Live inference bookkeeping")
class InferenceBookkeepingTest {

  @Test
  @DisplayName("latency percentiles are nearest-rank over the recent window")
  void latency() {
    LatencyRecorder latency = new LatencyRecorder(100);
    assertThat(latency.quantileMillis(0.5)).isNaN();
    for (int ms = 1; ms <= 100; ms++) {
      latency.record(ms * 1_000_000L);
    }
    assertThat(latency.quantileMillis(0.5)).isEqualTo(50.0);
    assertThat(latency.quantileMillis(0.99)).isEqualTo(99.0);
    assertThat(latency.quantilesMillis(0.5, 0.99, 0.01)).containsExactly(50.0, 99.0, 1.0);
    for (int i = 0; i < 100; i++) {
      latency.record(7_000_000L); // the window now holds only 7 ms
    }
    assertThat(latency.quantileMillis(0.99)).isEqualTo(7.0);
    assertThat(latency.count()).isEqualTo(200);
  }

  @Property(tries = 200)
  @Label("latency percentiles equal a sort of the last window's samples, repeats included")
  void latencyMatchesSort(
      @ForAll @IntRange(min = 1, max = 40) int window,
      @ForAll @IntRange(min = 0, max = 200) int samples,
      @ForAll long seed) {
    LatencyRecorder latency = new LatencyRecorder(window);
    Random random = new Random(seed);
    List<Long> all = new ArrayList<>();
    double[] qs = {0.01, 0.25, 0.5, 0.9, 0.99, 1.0};
    for (int i = 0; i < samples; i++) {
      long v = random.nextInt(12) * 1_000_000L; // few distinct values: many repeats
      latency.record(v);
      all.add(v);
      List<Long> last = new ArrayList<>(all.subList(Math.max(0, all.size() - window), all.size()));
      last.sort(null);
      double[] expected = new double[qs.length];
      for (int k = 0; k < qs.length; k++) {
        int rank = (int) Math.ceil(qs[k] * last.size());
        expected[k] = last.get(Math.max(0, Math.min(last.size() - 1, rank - 1))) / 1e6;
      }
      assertThat(latency.quantilesMillis(qs))
          .as("after %d samples", i + 1)
          .containsExactly(expected);
    }
  }

  @Test
  @DisplayName("the forecast's MAE pairs each forecast with the count that then arrives")
  void forecastMae() {
    ForecastTracker tracker = new ForecastTracker(8);
    assertThat(tracker.actual(0, 10)).isNaN(); // nothing forecast for window 0
    tracker.forecast(1, 12);
    tracker.forecast(2, 20);
    assertThat(tracker.actual(1, 10)).isEqualTo(12);
    assertThat(tracker.actual(2, 26)).isEqualTo(20);
    assertThat(tracker.mae()).isCloseTo((2 + 6) / 2.0, within(1e-12));
    assertThat(tracker.pairs()).isEqualTo(2);
  }

  @Test
  @DisplayName("a model waiting to serve is only replaced by a newer round, and taken once")
  void modelSlot() {
    ModelSlot<String> slot = new ModelSlot<>();
    assertThat(slot.offer(3, "w3")).isTrue();
    assertThat(slot.offer(2, "w2")).isFalse();
    assertThat(slot.takeNewer(3)).isEmpty();
    assertThat(slot.takeNewer(2)).map(ModelSlot.Versioned::model).contains("w3");
    assertThat(slot.takeNewer(2)).isEmpty();
  }

  @Property(tries = 200)
  @Label("every chunk offered is served or dropped, exactly once, in order")
  void servedPlusDropped(@ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int capacity) {
    Random random = new Random(seed);
    ServingQueue<Integer> queue = new ServingQueue<>(capacity);
    List<Integer> served = new ArrayList<>();
    List<Integer> dropped = new ArrayList<>();
    for (int chunk = 0; chunk < 300; chunk++) {
      if (!queue.offer(chunk)) {
        dropped.add(chunk);
      }
      while (random.nextInt(3) == 0) {
        queue.poll().ifPresent(served::add);
      }
    }
    queue.poll().ifPresent(served::add);
    while (queue.waiting() > 0) {
      queue.poll().ifPresent(served::add);
    }
    assertThat(served).isSorted();
    assertThat(served.size() + dropped.size()).isEqualTo(300);
    assertThat(served).doesNotContainAnyElementsOf(dropped.isEmpty() ? List.of(-1) : dropped);
    assertThat(queue.served() + queue.dropped()).isEqualTo(queue.offered());
  }

  @Test
  @DisplayName(
      "a queue bounded by cost drops the chunk that would overflow it, but never into an"
          + " empty queue")
  void costBound() {
    ServingQueue<Integer> queue = new ServingQueue<>(100, 10, c -> c);
    assertThat(queue.offer(6)).isTrue();
    assertThat(queue.offer(5)).isFalse();
    assertThat(queue.offer(4)).isTrue();
    assertThat(queue.poll()).contains(6);
    assertThat(queue.offer(6)).isTrue();
    assertThat(queue.poll()).contains(4);
    assertThat(queue.poll()).contains(6);
    assertThat(queue.offer(50)).as("an empty queue takes any chunk").isTrue();
    assertThat(queue.served() + queue.dropped() + queue.waiting()).isEqualTo(queue.offered());
  }

  @Test
  @DisplayName("a window's class counts are those of the crops in its time span")
  void classTally() {
    ClassTally tally = new ClassTally(3);
    tally.add(100, 0, 0);
    tally.add(100, 1, 0);
    tally.add(1999, 2, 2);
    tally.add(2000, 2, -1);
    ClassTally.Counts w = tally.window(0, 2000);
    assertThat(w.predicted()).containsExactly(1, 1, 1);
    assertThat(w.labelled()).containsExactly(2, 0, 1);
    assertThat(w.crops()).isEqualTo(3);
    tally.forgetBefore(2000);
    assertThat(tally.window(0, 4000).crops()).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "the forecast input is the lookback windows up to the one asked for, gap-free, as"
          + " FlowSeries builds it")
  void liveSeries() {
    LiveSeries series = new LiveSeries(10);
    org.divs.source.CalendarFields cal = new org.divs.source.CalendarFields(600, 2, false);
    org.divs.flow.FlowSeries.Builder b = org.divs.flow.FlowSeries.builder(1000);
    for (int i = 0; i < 6; i++) {
      series.add("cam", 1, i * 1000L, i * 10.0, cal);
      b.add(i * 1000L, i * 10.0, cal);
    }
    series.add("cam", 1, 6000, Double.NaN, cal);
    float[] expected = b.build().inputs(new int[] {5}, 3, 50f);
    assertThat(series.input("cam", 1, 4000, 1000, 3, 50f)).containsExactly(expected);
    assertThat(series.input("cam", 1, 1000, 1000, 3, 50f)).as("too little history").isNull();
    assertThat(series.input("cam", 2, 4000, 1000, 3, 50f)).as("another incarnation").isNull();
    series.add("cam", 1, 8000, 5, cal);
    assertThat(series.input("cam", 1, 8000, 1000, 3, 50f)).as("a gap").isNull();
  }
}
