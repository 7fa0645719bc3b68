package org.divs.node;

import org.divs.config.TaskSpec;
import org.divs.model.CnnSpec;
import org.divs.model.LocalTrainer;

/** Builds the DJL trainer of a task from its spec. Blocking: call on a worker thread. */
final class TaskModels {
  private TaskModels() {}

  static LocalTrainer trainer(TaskSpec task, long seed) {
    if (task.model() != TaskSpec.Model.CNN) {
      throw new IllegalArgumentException(
          "task '" + task.id() + "': model " + task.model() + " is not implemented yet");
    }
    return LocalTrainer.builder()
        .setSpec(new CnnSpec(task.classes().size()))
        .optLearningRate((float) task.learningRate())
        .optSeed(seed)
        .build();
  }
}
