package org.divs.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.divs.migration.LoadMeter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The trainer's step clock behind speed emulation")
class StepClockTest {
  /** Busy work the JIT cannot drop: returns a value that depends on every iteration. */
  private static long burn(long untilCpuNanos) {
    long x = 1;
    while (StepClock.cpuNanos() < untilCpuNanos) {
      for (int i = 0; i < 10_000; i++) {
        x = x * 6364136223846793005L + 1442695040888963407L;
      }
    }
    return x;
  }

  @Test
  @DisplayName(
      "a quarter-speed step measures its own CPU time and then lasts at least four times as long")
  void quarterSpeed() {
    LoadMeter meter = new LoadMeter(0.25);
    long wall0 = System.nanoTime();
    long cpu0 = StepClock.cpuNanos();
    long sink = burn(cpu0 + 20_000_000);
    long cpu = StepClock.cpuNanos() - cpu0;
    long pause = meter.pauseNanos(cpu);
    StepClock.pause(pause);
    long wall = System.nanoTime() - wall0;
    assertThat(sink).isNotZero();
    assertThat(cpu).isBetween(20_000_000L, wall);
    assertThat(pause).isEqualTo(3 * cpu);
    assertThat(wall).isGreaterThanOrEqualTo(cpu + pause);
  }
}
