package org.divs.calibrate;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.divs.bus.FrameId;
import org.divs.config.TaskSpec;
import org.divs.model.LocalTrainer;
import org.divs.model.ModelSpec;
import org.divs.node.TaskModels;
import org.divs.scene.VehicleClass;
import org.divs.train.CropStore;

/**
 * Measures what each model family costs in this JVM, on the intra-op threads it was started with:
 * training seconds per sample at several minibatch sizes (staged as the trainer verticle stages
 * them: a fresh array per minibatch, filled from a crop store for the CNN), inference seconds per
 * sample, and the fixed cost of a round (load the global weights, read the trained ones back). Each
 * figure is the best of several short stretches after a warm-up ({@link Timing}).
 */
public final class ModelCosts {
  /** Minibatch sizes measured. */
  public static final List<Integer> MINIBATCHES = List.of(16, 32, 64);

  private static final int WARMUP_STEPS = 5;
  private static final int POOL = 256;
  private static final long SEED = 17;

  private ModelCosts() {}

  /** The task measured for a model family: its schema defaults. */
  static TaskSpec taskOf(TaskSpec.Model family) {
    return switch (family) {
      case CNN ->
          new TaskSpec(
              "cnn",
              family,
              0.001,
              Arrays.stream(VehicleClass.values()).map(VehicleClass::label).toList(),
              12,
              12,
              100);
      case LSTM -> new TaskSpec("lstm", family, 0.001, List.of(), 12, 12, 100);
    };
  }

  /**
   * Measures every model family; {@code threads} is recorded with the figures.
   *
   * @return {"threads": n, "models": {family: {block, floats, train: {m: s}, infer, round}}}
   */
  public static JsonObject measureAll(int threads) {
    JsonObject models = new JsonObject();
    for (TaskSpec.Model family : TaskSpec.Model.values()) {
      models.put(
          family.name().toLowerCase(java.util.Locale.ROOT), measure(taskOf(family), threads));
    }
    return new JsonObject().put("threads", threads).put("models", models);
  }

  private static JsonObject measure(TaskSpec task, int threads) {
    String block = "production " + task.model().name().toLowerCase(java.util.Locale.ROOT);
    LocalTrainer trainer = TaskModels.trainer(task, SEED);
    try (LocalTrainer t = trainer) {
      Batches data = new Batches(t.spec());
      JsonObject train = new JsonObject();
      JsonObject shares = new JsonObject();
      for (int m : MINIBATCHES) {
        for (int i = 0; i < WARMUP_STEPS; i++) {
          data.step(t, m);
        }
        Timing.Figure f = Timing.best(() -> data.step(t, m), m, threads);
        train.put(Integer.toString(m), f.seconds());
        shares.put(Integer.toString(m), f.cpuShare());
      }
      float[] x = data.inputs(POOL);
      int[] y = data.classes(POOL);
      Runnable infer =
          t.spec().outputKind() == ModelSpec.OutputKind.CLASSIFICATION
              ? () -> t.evaluate(x, y, 128)
              : () -> t.outputs(x);
      infer.run();
      Timing.Figure inferFigure = Timing.best(infer, POOL, threads);
      float[] w = t.weights();
      double roundSeconds =
          Timing.best(
                  () -> {
                    t.setWeights(w);
                    t.weights();
                  },
                  1,
                  1)
              .seconds();
      return new JsonObject()
          .put("block", block)
          .put("floats", t.layout().size())
          .put("train", train)
          .put("trainCpuShare", shares)
          .put("infer", inferFigure.seconds())
          .put("inferCpuShare", inferFigure.cpuShare())
          .put("round", roundSeconds);
    }
  }

  /** Random samples staged as the trainer verticle stages them. */
  private static final class Batches {
    private final ModelSpec spec;
    private final int len;
    private final Random random = new Random(SEED);
    private final CropStore.Snapshot crops;

    Batches(ModelSpec spec) {
      this.spec = spec;
      this.len = spec.sampleSize();
      if (spec.outputKind() == ModelSpec.OutputKind.CLASSIFICATION) {
        CropStore store = new CropStore(POOL, len);
        float[] chw = new float[len];
        for (int i = 0; i < POOL; i++) {
          for (int k = 0; k < len; k++) {
            chw[k] = random.nextFloat();
          }
          store.add(new FrameId("calibration", 0, i), chw, random.nextInt(spec.outputs()));
        }
        crops = store.snapshot();
      } else {
        crops = null;
      }
    }

    void step(LocalTrainer t, int m) {
      if (crops != null) {
        float[] x = new float[m * len];
        int[] y = new int[m];
        for (int i = 0; i < m; i++) {
          y[i] = crops.copy(random.nextInt(POOL), x, i * len);
        }
        t.step(x, y);
      } else {
        float[] x = inputs(m);
        float[] targets = new float[m * spec.outputs()];
        for (int i = 0; i < targets.length; i++) {
          targets[i] = random.nextFloat();
        }
        t.step(x, targets);
      }
    }

    float[] inputs(int n) {
      float[] x = new float[n * len];
      for (int i = 0; i < x.length; i++) {
        x[i] = random.nextFloat();
      }
      return x;
    }

    int[] classes(int n) {
      int[] y = new int[n];
      for (int i = 0; i < n; i++) {
        y[i] = random.nextInt(spec.outputs());
      }
      return y;
    }
  }
}
