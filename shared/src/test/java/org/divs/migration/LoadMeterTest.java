package org.divs.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The load meter behind each edge's migration report")
class LoadMeterTest {
  private static final long MS = 1_000_000;

  @Test
  @DisplayName("a half-speed edge pauses as long as it computed, and reports twice the time")
  void halfSpeed() {
    LoadMeter meter = new LoadMeter(0.5);
    assertThat(meter.pauseNanos(10 * MS)).isEqualTo(10 * MS);
    assertThat(new LoadMeter(0.25).pauseNanos(10 * MS)).isEqualTo(30 * MS);
    assertThat(new LoadMeter(1).pauseNanos(10 * MS)).isZero();

    meter.record("cnn", 32, 64 * MS); // 2 ms CPU per sample, 4 ms emulated
    // One epoch: 4 ms x 300 samples held.
    assertThat(meter.closePeriod(Map.of("cnn", 300L)).get("cnn")).isCloseTo(1200, within(1e-9));
  }

  @Test
  @DisplayName("sums the tasks, and a task idle this period keeps its last per-sample time")
  void tasksAndIdlePeriods() {
    LoadMeter meter = new LoadMeter(1);
    meter.record("cnn", 10, 30 * MS); // 3 ms per sample
    meter.record("cnn", 10, 10 * MS); // 1 ms: 2 ms per sample over the period
    meter.record("flow", 100, 50 * MS); // 0.5 ms per sample
    Map<String, Double> first = meter.closePeriod(Map.of("cnn", 40L, "flow", 20L));
    assertThat(first.get("cnn")).isCloseTo(2 * 40, within(1e-9));
    assertThat(first.get("flow")).isCloseTo(0.5 * 20, within(1e-9));

    meter.record("flow", 10, 10 * MS); // 1 ms per sample now; the CNN did not step
    Map<String, Double> second = meter.closePeriod(Map.of("cnn", 40L, "flow", 20L));
    assertThat(second.get("cnn")).isCloseTo(2 * 40, within(1e-9));
    assertThat(second.get("flow")).isCloseTo(1 * 20, within(1e-9));
  }

  @Test
  @DisplayName("leaves out a task never timed, and refuses a speed outside (0, 1]")
  void nothingToReport() {
    LoadMeter meter = new LoadMeter(1);
    assertThat(meter.closePeriod(Map.of("cnn", 10L))).isEmpty();
    meter.record("cnn", 1, MS);
    assertThat(meter.closePeriod(Map.of("cnn", 5L, "flow", 5L))).containsOnlyKeys("cnn");
    assertThatThrownBy(() -> new LoadMeter(0)).hasMessageContaining("speed");
    assertThatThrownBy(() -> new LoadMeter(1.5)).hasMessageContaining("speed");
  }
}
