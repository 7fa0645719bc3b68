package org.divs.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.divs.testing.SharedData;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Daily traffic profile")
class TrafficProfileTest {
  @Test
  @DisplayName("From the PeMS file: 288 steps, peak scaled to the given rate, quiet nights")
  void fromPems() throws IOException {
    Path csv = SharedData.file("flow/pems04-sensor0-5min.csv");
    TrafficProfile p = TrafficProfile.fromFlowCsv(csv, "flow", 0.7);
    assertThat(p.steps()).isEqualTo(288);
    assertThat(p.peak()).isCloseTo(0.7, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(p.rateAt(3.5 * 3600)).isLessThan(0.3 * p.rateAt(17 * 3600));
    assertThat(p.rateAt(86_400 + 3600)).isEqualTo(p.rateAt(3600));
    assertThatThrownBy(() -> TrafficProfile.fromFlowCsv(csv, "flow", 0.9))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("saturates");
  }

  @Test
  @DisplayName("A synthetic scene driven by a profile has more vehicles per window at rush hour")
  void drivesTheScene() throws IOException {
    TrafficProfile p = TrafficProfile.of(0.05, 0.05, 0.7, 0.7); // night 0-12 h, day 12-24 h
    double nightCount = entered(p, 3 * 3600);
    double dayCount = entered(p, 17 * 3600);
    assertThat(nightCount).isLessThan(0.4 * dayCount);
    assertThat(dayCount).isBetween(0.45 * 0.7 * 60, 1.5 * 0.7 * 60);
  }

  /** Vehicles entering in 60 s of stream time (real-time day) starting at {@code startS}. */
  private static double entered(TrafficProfile p, double startS) throws IOException {
    try (SyntheticSource s = new SyntheticSource(5, 160, 96, 5, 0.4, List.of(), 300)) {
      s.withProfile(p, startS, 86_400, 4);
      double n = 0;
      SourceFrame f;
      CalendarFields cal = null;
      while ((f = s.next()) != null) {
        n += f.count();
        cal = f.calendar();
      }
      assertThat(cal.dayOfWeek()).isEqualTo(4);
      assertThat(cal.minuteOfDay()).isEqualTo((int) (startS / 60) + 0);
      return n;
    }
  }
}
