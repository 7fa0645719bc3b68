package org.divs.node;

import org.divs.config.TaskSpec;
import org.divs.model.LocalTrainer;
import org.divs.model.ModelSpec;

/**
 * Builds the DJL trainer of a task from its spec ({@link ModelSpec#of}: the CNN over its classes,
 * the LSTM with its lookback and horizon). Blocking: call on a worker thread.
 */
public final class TaskModels {
  private TaskModels() {}

  /** A new trainer for {@code task} with weights initialised from {@code seed}. */
  public static LocalTrainer trainer(TaskSpec task, long seed) {
    return LocalTrainer.builder()
        .setSpec(ModelSpec.of(task))
        .optLearningRate((float) task.learningRate())
        .optSeed(seed)
        .build();
  }

  /** Held-out samples the cloud evaluates each global of a {@code cnn} task on. */
  public static int heldOutSamples(TaskSpec task) {
    return TaskEvaluator.PER_CLASS * task.classes().size();
  }
}
