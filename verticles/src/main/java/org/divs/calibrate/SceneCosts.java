package org.divs.calibrate;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.divs.bus.EncodedFrame;
import org.divs.config.TaskSpec;
import org.divs.model.CnnBlock;
import org.divs.node.CropCutter;
import org.divs.source.SourceFrame;
import org.divs.source.SyntheticSource;
import org.divs.train.CropStore;
import org.divs.train.LiveCrops;

/**
 * Measures the synthetic scene as a terminal sends it (the demo's camera: 320x180 at 2 fps, 0.7
 * vehicles a second): the JPEG size, the annotated vehicles per frame (CNN samples), and what the
 * edge's crop worker spends per frame (the production {@link CropCutter}: decode, cut, store).
 */
public final class SceneCosts {
  /** Frame width of the measured camera. */
  public static final int WIDTH = 320;

  /** Frame height of the measured camera. */
  public static final int HEIGHT = 180;

  /** Frames per second of the measured camera. */
  public static final double FPS = 2;

  /** Vehicles arriving per second in the measured scene. */
  public static final double RATE = 0.7;

  /** Seeds of the measured streams: apart from every committed topology's terminals. */
  static final long[] SEEDS = {9_001, 9_002, 9_003};

  /** Frames per measured stream. */
  static final int FRAMES = 400;

  private SceneCosts() {}

  /** Measures the scene; returns the {@code scene} object of the calibration file. */
  public static JsonObject measure() throws IOException {
    long bytes = 0;
    long annotations = 0;
    List<EncodedFrame> frames = new ArrayList<>();
    for (long seed : SEEDS) {
      try (SyntheticSource source =
          new SyntheticSource(seed, WIDTH, HEIGHT, FPS, RATE, List.of(), FRAMES)) {
        for (SourceFrame f = source.next(); f != null; f = source.next()) {
          bytes += f.jpeg().length;
          annotations += f.annotations().size();
          frames.add(new EncodedFrame(frames.size(), f.timeMs(), f.jpeg(), f.annotations()));
        }
      }
    }
    TaskSpec cnn = ModelCosts.taskOf(TaskSpec.Model.CNN);
    TaskSpec cnnTask = cnn;
    double cutSeconds =
        Timing.best(
                () -> {
                  CropStore store =
                      new CropStore(frames.size() * 8, (int) CnnBlock.SAMPLE_SHAPE.size());
                  List<String> errors =
                      new CropCutter(
                              List.of(cnnTask), Map.of(cnnTask.id(), store), new LiveCrops(1))
                          .cut("calibration", 0, true, frames);
                  if (!errors.isEmpty()) {
                    throw new IllegalStateException(
                        "the scene's own frames failed to cut: " + errors.get(0));
                  }
                },
                frames.size(),
                1)
            .seconds();
    int n = frames.size();
    return new JsonObject()
        .put("width", WIDTH)
        .put("height", HEIGHT)
        .put("fps", FPS)
        .put("rate", RATE)
        .put("frames", n)
        .put("jpegBytes", (double) bytes / n)
        .put("cropsPerFrame", (double) annotations / n)
        .put("cutMsPerFrame", cutSeconds * 1000);
  }
}
