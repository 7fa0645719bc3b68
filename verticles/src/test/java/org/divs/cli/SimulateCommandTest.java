package org.divs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("divs simulate")
class SimulateCommandTest {
  @Test
  @DisplayName("runs Fig. 8b from the bundled calibration and writes its CSV and parameters")
  void fig8b(@TempDir Path dir) {
    assertThat(Divs.execute("simulate", "fig8b", "--no-charts", "--out", dir.toString())).isZero();
    assertThat(dir.resolve("fig8b/fig8b.csv")).content().startsWith("cameras,edges,tasks");
    assertThat(dir.resolve("fig8b/parameters.md")).content().contains("| workload D |");
  }

  @Test
  @DisplayName("refuses an unknown experiment and a missing calibration with exit code 2")
  void refuses(@TempDir Path dir) {
    assertThat(Divs.execute("simulate", "fig7")).isEqualTo(2);
    assertThat(
            Divs.execute("simulate", "fig8b", "--calibration", dir.resolve("none.json").toString()))
        .isEqualTo(2);
  }
}
