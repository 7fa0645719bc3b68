package org.divs.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.divs.calibrate.CalibrationFile;
import org.divs.config.Topology;
import org.divs.config.TopologyLoader;
import org.divs.node.Cities;
import org.divs.sim.SimResult;
import org.divs.testing.ClusterFixture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The calibration check")
class CalibrationCheckTest {
  private static final int ROUNDS = 4;

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  @DisplayName(
      "runs a real city and the simulator on its topology and puts the rounds side by side")
  void sideBySide(@TempDir Path dir) throws Exception {
    int port = ClusterFixture.freePorts(1).get(0);
    Topology t =
        TopologyLoader.parse(Cities.small(2, 1, 60, port, new String[] {"n0"}, false).encode());
    StringWriter log = new StringWriter();
    CalibrationCheck.Outcome o =
        CalibrationCheck.run(
            t, CalibrationFile.read(null), ROUNDS, dir.resolve("check.csv"), new PrintWriter(log));
    assertThat(o.measured()).hasSize(ROUNDS);
    assertThat(o.simulated()).hasSize(ROUNDS);
    assertThat(o.simulated()).allSatisfy(r -> assertThat(r.participants()).isEqualTo(2));
    assertThat(o.simulated().stream().mapToLong(SimResult.Round::samples).max().orElseThrow())
        .isPositive();
    assertThat(o.measuredMean()).isPositive();
    assertThat(o.simulatedMean()).isPositive();
    assertThat(log.toString()).contains("measured").contains("simulated").contains("ratio");
    assertThat(dir.resolve("check.csv")).content().startsWith("round,measured_s");
  }
}
