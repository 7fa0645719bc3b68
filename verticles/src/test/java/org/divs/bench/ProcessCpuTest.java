package org.divs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A benchmark's view of each JVM's CPU and JIT")
class ProcessCpuTest {
  @Test
  @DisplayName("the JIT's share of a pass is that of the JVM that compiled the most in it")
  void busiestJvm() {
    long[] before = {1_000, 50, 7};
    long[] after = {1_020, 350, 7};
    assertThat(ProcessCpu.busiest(before, after, 1_000)).isCloseTo(0.3, within(1e-12));
    assertThat(ProcessCpu.busiest(after, after, 1_000)).isZero();
  }

  @Test
  @DisplayName("this JVM's compile time only grows, and its CPU time too")
  void growing() {
    long jit = ProcessCpu.jitMillis();
    long cpu = ProcessCpu.nanos();
    double sink = 0;
    for (int i = 0; i < 2_000_000; i++) {
      sink += Math.sqrt(i);
    }
    assertThat(sink).isPositive();
    assertThat(ProcessCpu.jitMillis()).isGreaterThanOrEqualTo(jit);
    assertThat(ProcessCpu.nanos()).isGreaterThan(cpu);
  }
}
