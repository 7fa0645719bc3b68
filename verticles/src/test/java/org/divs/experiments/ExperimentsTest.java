package org.divs.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.divs.calibrate.CalibrationFile;
import org.divs.sim.Calibration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("An experiment")
class ExperimentsTest {
  /** A small city: 12 cameras over 2 or 4 street edges. */
  private static final Experiments.Sweeps SMALL =
      new Experiments.Sweeps(List.of(12), List.of(2, 4), List.of(12));

  private static byte[] fig8a(Calibration cal, long seed, Path dir) throws Exception {
    StringWriter log = new StringWriter();
    Path csv = Experiments.run("fig8a", cal, SMALL, seed, dir, false, new PrintWriter(log));
    assertThat(log.toString()).contains("[4/4]").contains("left");
    return Files.readAllBytes(csv);
  }

  /** The calibration with every training cost doubled. */
  private static Calibration slower(Calibration c) {
    Map<String, Calibration.ModelCost> models = new LinkedHashMap<>();
    c.models()
        .forEach(
            (k, m) ->
                models.put(
                    k,
                    new Calibration.ModelCost(
                        m.block(),
                        m.floats(),
                        m.train().stream()
                            .map(
                                p ->
                                    new Calibration.TrainPoint(
                                        p.minibatch(), 2 * p.seconds1(), 2 * p.seconds2()))
                            .toList(),
                        m.infer1(),
                        m.infer2(),
                        m.roundSeconds())));
    return new Calibration(
        c.machine(), models, c.scene(), c.localBus(), c.clusteredBus(), c.mergeSecondsPerFloat());
  }

  @Test
  @DisplayName("reads only its calibration and seed: the same pair gives the same CSV bytes")
  void repeatable(@TempDir Path dir) throws Exception {
    Calibration cal = CalibrationFile.read(null);
    byte[] first = fig8a(cal, 7, dir.resolve("a"));
    assertThat(fig8a(cal, 7, dir.resolve("b"))).isEqualTo(first);
    assertThat(fig8a(cal, 8, dir.resolve("c"))).isNotEqualTo(first);
    assertThat(fig8a(slower(cal), 7, dir.resolve("d"))).isNotEqualTo(first);
    List<String> lines = List.of(new String(first).split("\n"));
    assertThat(lines).hasSize(5);
    assertThat(lines.get(0)).startsWith("cameras,edges,balancing,total_s");
    assertThat(dir.resolve("a/fig8a/parameters.md")).content().contains("| seed | 7 |");
  }
}
