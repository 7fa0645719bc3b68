package org.divs.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A model's measured costs")
class CalibrationTest {
  @Test
  @DisplayName(
      "between measured minibatch sizes the cost is linear in 1 / m; beyond, the end value")
  void interpolation() {
    Calibration.ModelCost c =
        new Calibration.ModelCost(
            "x",
            10,
            List.of(
                new Calibration.TrainPoint(64, 0.01, 0.005),
                new Calibration.TrainPoint(16, 0.02, 0.0125)),
            1,
            1,
            0);
    assertThat(c.trainSeconds(16)).isEqualTo(0.02);
    assertThat(c.trainSeconds(32)).isCloseTo(0.02 - 0.01 * 2 / 3.0, within(1e-12));
    assertThat(c.trainSeconds(8)).isEqualTo(0.02);
    assertThat(c.trainSeconds(128)).isEqualTo(0.01);
    assertThat(c.trainAmdahl(64).speedup(2)).isCloseTo(2.0, within(1e-12));
    assertThat(c.trainAmdahl(16).speedup(2)).isCloseTo(1.6, within(1e-12));
  }
}
