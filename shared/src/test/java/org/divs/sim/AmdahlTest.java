package org.divs.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Amdahl's law from a measured 2-thread speed-up")
class AmdahlTest {
  @Test
  @DisplayName("a 1.6x speed-up on 2 threads is p = 0.75, which gives 2.29x on 4 and 2.67x on 6")
  void scaling() {
    Amdahl a = Amdahl.fromTwoThreadSpeedup(1.6);
    assertThat(a.parallel()).isCloseTo(0.75, within(1e-12));
    assertThat(a.speedup(1)).isEqualTo(1.0);
    assertThat(a.speedup(2)).isCloseTo(1.6, within(1e-12));
    assertThat(a.speedup(4)).isCloseTo(1 / (0.25 + 0.75 / 4), within(1e-12));
    assertThat(a.speedup(6)).isCloseTo(1 / (0.25 + 0.75 / 6), within(1e-12));
  }

  @Test
  @DisplayName("a slow-down counts as no speed-up, more than 2x as perfect")
  void clamped() {
    assertThat(Amdahl.fromTwoThreadSpeedup(0.8).speedup(6)).isEqualTo(1.0);
    assertThat(Amdahl.fromTwoThreadSpeedup(2.5).speedup(6)).isCloseTo(6.0, within(1e-12));
  }
}
