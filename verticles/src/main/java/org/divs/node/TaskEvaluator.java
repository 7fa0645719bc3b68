package org.divs.node;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.divs.config.TaskSpec;
import org.divs.config.TerminalSpec;
import org.divs.config.Topology;
import org.divs.flow.FlowSeries;
import org.divs.flow.ForecastMetrics;
import org.divs.flow.Forecaster;
import org.divs.flow.LastValue;
import org.divs.flow.LstmForecaster;
import org.divs.model.Evaluation;
import org.divs.model.LocalTrainer;
import org.divs.scene.LabelledCrops;
import org.divs.scene.SampleSet;
import org.divs.scene.VehicleClass;
import org.divs.sync.Weights;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud's evaluation of a task's global model on held-out data never streamed: the task's
 * {@code heldOut} files when given ({@link HeldOutData}: an image list cut as an edge cuts an
 * {@code images} frame, or rows of a count CSV), with an optional validation part scored beside;
 * else, for a CNN, crops rendered from seeds disjoint from every terminal's, and for an LSTM a
 * count series of the same kind ({@link FlowHeldOut}). A CNN gets top-1 accuracy and the confusion
 * matrix; an LSTM forecast errors at h=1, h=H and over 1..H beside the last-value baseline computed
 * by the same code. Owns a DJL model: use it from one worker thread only, and close it.
 */
final class TaskEvaluator implements AutoCloseable {
  /** Held-out crops per class. */
  static final int PER_CLASS = 100;

  /** Offset that keeps held-out seeds apart from the terminals' seeds. */
  static final long HELD_OUT_SEED = 0x5EED_0FF5E7L;

  /**
   * A global's held-out score: {@code classes} for a CNN, {@code forecast} and {@code lastValue}
   * (the baseline, the same for every round) for an LSTM; the others null.
   */
  record Score(
      Evaluation classes,
      ForecastMetrics forecast,
      ForecastMetrics lastValue,
      Evaluation validationClasses,
      ForecastMetrics validationForecast) {

    /** Whether a validation part was scored. */
    boolean validated() {
      return validationClasses != null || validationForecast != null;
    }

    /** The validation error to minimise: 1 - top-1, or the mean MAE over 1..H; NaN without. */
    double validationError() {
      if (validationClasses != null) {
        return 1 - validationClasses.accuracy();
      }
      return validationForecast != null ? validationForecast.meanMae() : Double.NaN;
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(TaskEvaluator.class);

  private final Topology topology;
  private final TaskSpec task;
  private final long seed;
  private final LocalTrainer model;
  private float[] heldOutX;
  private int[] heldOutY;
  private HeldOutData.Labelled validationCrops;
  private List<FlowSeries> heldOutSeries;
  private List<FlowSeries> validationSeries;
  private ForecastMetrics lastValue;
  private boolean prepared;

  TaskEvaluator(Topology t, TaskSpec task, long seed) {
    this.topology = t;
    this.task = task;
    this.seed = seed;
    model = TaskModels.trainer(task, seed);
  }

  /**
   * Reads or renders the held-out data on first use, not when the cloud starts: the first round
   * needs only W(0), so the cloud is ready sooner and the other nodes start beside a quieter CPU.
   */
  private void prepare() throws IOException {
    if (prepared) {
      return;
    }
    long t0 = System.nanoTime();
    if (task.heldOut().isPresent()) {
      fromFiles(task.heldOut().get());
    } else if (task.model() == TaskSpec.Model.CNN) {
      TerminalSpec first = topology.terminals().isEmpty() ? null : topology.terminals().get(0);
      int w = first == null ? 320 : first.frame().width();
      int h = first == null ? 180 : first.frame().height();
      List<VehicleClass> classes = new ArrayList<>();
      for (String c : task.classes()) {
        classes.add(VehicleClass.fromLabel(c));
      }
      LabelledCrops rendered = SampleSet.render(seed ^ HELD_OUT_SEED, PER_CLASS, classes, w, h);
      heldOutX = rendered.features();
      heldOutY = rendered.labels();
    } else {
      heldOutSeries = FlowHeldOut.of(topology, task, seed ^ HELD_OUT_SEED);
      lastValue = forecast(new LastValue(), heldOutSeries);
    }
    // Only now: a part that failed to read is read again at the next evaluation, not left out.
    prepared = true;
    LOG.info("held-out data of {} ready in {} ms", task.id(), (System.nanoTime() - t0) / 1_000_000);
  }

  /** Reads the task's {@code heldOut} files: the test part and the validation part, if any. */
  private void fromFiles(TaskSpec.HeldOut files) throws IOException {
    if (task.model() == TaskSpec.Model.CNN) {
      HeldOutData.Labelled test = HeldOutData.crops(topology, task, files.test());
      heldOutX = test.x();
      heldOutY = test.y();
      if (files.validation().isPresent()) {
        validationCrops = HeldOutData.crops(topology, task, files.validation().get());
      }
    } else {
      heldOutSeries = List.of(HeldOutData.series(task, files.test()));
      if (files.validation().isPresent()) {
        validationSeries = List.of(HeldOutData.series(task, files.validation().get()));
      }
      lastValue = forecast(new LastValue(), heldOutSeries);
    }
  }

  /** W(0): the seeded initial weights. */
  Weights initialWeights() {
    return Weights.wrap(model.weights());
  }

  /** Floats per tensor of the model, in layout order (for per-tensor compression). */
  int[] tensorLengths() {
    return model.layout().tensorLengths();
  }

  /**
   * Scores {@code w} on the held-out data (prepared on the first call).
   *
   * @throws IOException when the held-out data cannot be read
   */
  Score evaluate(Weights w) throws IOException {
    prepare();
    model.setWeights(w.toArray());
    if (heldOutX != null) {
      return new Score(
          model.evaluate(heldOutX, heldOutY, 128),
          null,
          null,
          validationCrops == null
              ? null
              : model.evaluate(validationCrops.x(), validationCrops.y(), 128),
          null);
    }
    LstmForecaster lstm = new LstmForecaster(task.id(), model, (float) task.countScale());
    return new Score(
        null,
        forecast(lstm, heldOutSeries),
        lastValue,
        null,
        validationSeries == null ? null : forecast(lstm, validationSeries));
  }

  /** A forecaster's errors over every gap-free sample of the series. */
  private ForecastMetrics forecast(Forecaster f, List<FlowSeries> series) {
    int horizon = task.horizon();
    List<float[]> predicted = new ArrayList<>();
    List<float[]> actual = new ArrayList<>();
    for (FlowSeries s : series) {
      int[] origins = s.origins(task.lookback(), horizon);
      if (origins.length > 0) {
        predicted.add(f.forecast(s, origins, horizon));
        actual.add(s.actuals(origins, horizon));
      }
    }
    if (predicted.isEmpty()) {
      throw new IllegalArgumentException(
          "task '"
              + task.id()
              + "': the held-out series is shorter than lookback + horizon = "
              + (task.lookback() + horizon)
              + " steps");
    }
    return ForecastMetrics.of(concat(predicted), concat(actual), horizon);
  }

  private static float[] concat(List<float[]> parts) {
    float[] out = new float[parts.stream().mapToInt(p -> p.length).sum()];
    int at = 0;
    for (float[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  @Override
  public void close() {
    model.close();
  }
}
