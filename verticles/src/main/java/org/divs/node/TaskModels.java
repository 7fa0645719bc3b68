package org.divs.node;

import org.divs.config.TaskSpec;
import org.divs.model.CnnSpec;
import org.divs.model.LocalTrainer;
import org.divs.model.LstmSpec;

/** Builds the DJL trainer of a task from its spec. Blocking: call on a worker thread. */
public final class TaskModels {
  private TaskModels() {}

  /** A new trainer for {@code task} with weights initialised from {@code seed}. */
  public static LocalTrainer trainer(TaskSpec task, long seed) {
    if (task.model() == TaskSpec.Model.LSTM) {
      return LocalTrainer.builder()
          .setSpec(new LstmSpec(task.lookback(), task.horizon()))
          .optLearningRate((float) task.learningRate())
          .optSeed(seed)
          .build();
    }
    return LocalTrainer.builder()
        .setSpec(new CnnSpec(task.classes().size()))
        .optLearningRate((float) task.learningRate())
        .optSeed(seed)
        .build();
  }

  /** Held-out samples the cloud evaluates each global of {@code task} on. */
  public static int heldOutSamples(TaskSpec task) {
    return TaskEvaluator.PER_CLASS * task.classes().size();
  }
}
