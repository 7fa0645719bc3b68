package org.divs.node;

import java.util.ArrayList;
import java.util.List;
import org.divs.config.TaskSpec;
import org.divs.model.Evaluation;
import org.divs.model.LocalTrainer;
import org.divs.scene.LabelledCrops;
import org.divs.scene.SampleSet;
import org.divs.scene.VehicleClass;
import org.divs.sync.Weights;

/**
 * The cloud's evaluation of a task's global model on a held-out set rendered from seeds disjoint
 * from every terminal's. Owns a DJL model: use it from one worker thread only, and close it.
 */
final class TaskEvaluator implements AutoCloseable {
  /** Held-out crops per class. */
  static final int PER_CLASS = 100;

  /** Offset that keeps held-out seeds apart from the terminals' seeds. */
  static final long HELD_OUT_SEED = 0x5EED_0FF5E7L;

  private final LocalTrainer model;
  private final LabelledCrops heldOut;

  TaskEvaluator(TaskSpec task, long seed, int frameWidth, int frameHeight) {
    model = TaskModels.trainer(task, seed);
    List<VehicleClass> classes = new ArrayList<>();
    for (String c : task.classes()) {
      classes.add(VehicleClass.fromLabel(c));
    }
    heldOut = SampleSet.render(seed ^ HELD_OUT_SEED, PER_CLASS, classes, frameWidth, frameHeight);
  }

  /** W(0): the seeded initial weights. */
  Weights initialWeights() {
    return Weights.wrap(model.weights());
  }

  /** Floats per tensor of the model, in layout order (for per-tensor compression). */
  int[] tensorLengths() {
    return model.layout().tensorLengths();
  }

  Evaluation evaluate(Weights w) {
    model.setWeights(w.toArray());
    return model.evaluate(heldOut.features(), heldOut.labels(), 128);
  }

  @Override
  public void close() {
    model.close();
  }
}
