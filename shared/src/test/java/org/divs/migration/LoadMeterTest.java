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
    EdgeLoad load = meter.closePeriod("street-1", 100, Map.of("cnn", 300L), 50);
    // T_j = 4 ms x 300 samples = 1200 ms over 100 frames: t_j = 12 ms.
    assertThat(load.frameMillis()).isCloseTo(12, within(1e-9));
    assertThat(load.epochMillis()).isCloseTo(1200, within(1e-9));
    assertThat(load.freeCapacity()).isEqualTo(50);
  }

  @Test
  @DisplayName("sums the tasks, and a task idle this period keeps its last per-sample time")
  void tasksAndIdlePeriods() {
    LoadMeter meter = new LoadMeter(1);
    meter.record("cnn", 10, 30 * MS); // 3 ms per sample
    meter.record("cnn", 10, 10 * MS); // 1 ms: 2 ms per sample over the period
    meter.record("flow", 100, 50 * MS); // 0.5 ms per sample
    EdgeLoad first = meter.closePeriod("e", 10, Map.of("cnn", 40L, "flow", 20L), 0);
    assertThat(first.epochMillis()).isCloseTo(2 * 40 + 0.5 * 20, within(1e-9));

    meter.record("flow", 10, 10 * MS); // 1 ms per sample now; the CNN did not step
    EdgeLoad second = meter.closePeriod("e", 10, Map.of("cnn", 40L, "flow", 20L), 0);
    assertThat(second.epochMillis()).isCloseTo(2 * 40 + 1 * 20, within(1e-9));
  }

  @Test
  @DisplayName("reports nothing before any step or while no frame is held")
  void nothingToReport() {
    LoadMeter meter = new LoadMeter(1);
    assertThat(meter.closePeriod("e", 10, Map.of("cnn", 10L), 0)).isNull();
    meter.record("cnn", 1, MS);
    assertThat(meter.closePeriod("e", 0, Map.of("cnn", 0L), 0)).isNull();
    assertThatThrownBy(() -> new LoadMeter(0)).hasMessageContaining("speed");
    assertThatThrownBy(() -> new LoadMeter(1.5)).hasMessageContaining("speed");
  }
}
