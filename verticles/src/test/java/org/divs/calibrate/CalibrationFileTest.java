package org.divs.calibrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonObject;
import org.divs.sim.Calibration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The calibration file")
class CalibrationFileTest {
  @Test
  @DisplayName("the committed one holds every model family, the scene, both buses and the merge")
  void committed() throws Exception {
    Calibration c = CalibrationFile.read(null);
    assertThat(c.models()).containsOnlyKeys("cnn", "lstm");
    assertThat(c.model("cnn").orElseThrow().floats()).isGreaterThan(100_000);
    assertThat(c.model("cnn").orElseThrow().trainSeconds(32)).isPositive();
    assertThat(c.scene().jpegBytes()).isPositive();
    assertThat(c.scene().cropsPerFrame()).isPositive();
    assertThat(c.machine().cores()).isPositive();
    assertThat(c.mergeSecondsPerFloat()).isPositive();
  }

  @Test
  @DisplayName("joins the 1- and 2-thread children into ms per sample, and reads them back in s")
  void joins() {
    JsonObject one = child(1, 0.004, 0.002);
    JsonObject two = child(2, 0.0025, 0.0015);
    JsonObject models = CalibrationFile.models(one, two);
    JsonObject cnn = models.getJsonObject("cnn");
    assertThat(cnn.getJsonArray("trainMsPerSample").getJsonObject(0).getDouble("threads2"))
        .isCloseTo(2.5, within(1e-9));
    JsonObject file =
        new JsonObject()
            .put(
                "machine",
                new JsonObject()
                    .put("cores", 2)
                    .put("cpu", "x")
                    .put("java", "17")
                    .put("os", "linux")
                    .put("measuredAt", "now"))
            .put("models", models)
            .put(
                "scene",
                new JsonObject()
                    .put("width", 320)
                    .put("height", 180)
                    .put("fps", 2.0)
                    .put("rate", 0.7)
                    .put("frames", 10)
                    .put("jpegBytes", 1000.0)
                    .put("cropsPerFrame", 2.0)
                    .put("cutMsPerFrame", 1.5))
            .put(
                "bus",
                new JsonObject()
                    .put("local", new JsonObject().put("perMessageUs", 10.0).put("perByteNs", 0.0))
                    .put(
                        "clustered",
                        new JsonObject().put("perMessageUs", 100.0).put("perByteNs", 2.0)))
            .put("merge", new JsonObject().put("nsPerFloat", 0.5));
    Calibration c = CalibrationFile.parse(file);
    Calibration.ModelCost m = c.model("cnn").orElseThrow();
    assertThat(m.trainSeconds(32)).isCloseTo(0.004, within(1e-12));
    assertThat(m.trainAmdahl(32).speedup(2)).isCloseTo(1.6, within(1e-9));
    assertThat(m.inferAmdahl().speedup(2)).isCloseTo(0.002 / 0.0015, within(1e-9));
    assertThat(c.scene().cutSeconds()).isCloseTo(0.0015, within(1e-12));
    assertThat(c.clusteredBus().of(1000)).isCloseTo(100e-6 + 2e-6, within(1e-12));
  }

  private static JsonObject child(int threads, double train, double infer) {
    return new JsonObject()
        .put("threads", threads)
        .put(
            "models",
            new JsonObject()
                .put(
                    "cnn",
                    new JsonObject()
                        .put("block", "production cnn")
                        .put("floats", 1000)
                        .put("train", new JsonObject().put("32", train))
                        .put("trainCpuShare", new JsonObject().put("32", 1.0))
                        .put("infer", infer)
                        .put("inferCpuShare", 1.0)
                        .put("round", 0.01)));
  }
}
