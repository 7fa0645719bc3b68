package org.divs.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.loss.Loss;
import org.divs.config.TaskSpec;

/**
 * What a {@link LocalTrainer} needs to know about one task's model: how to build its block, the
 * shape of one input sample, the size and kind of its output, and its loss.
 *
 * <p>Implementations are immutable and cheap to call: {@link #newBlock()} and {@link #newLoss()}
 * return fresh instances every time, so trainers never share DJL objects. The CNN is {@link
 * CnnSpec}; the traffic-flow LSTM (input {@code [lookback, 4]} per sample, {@code horizon} counts
 * out, L1 loss) is {@link LstmSpec}, a {@link OutputKind#REGRESSION} spec.
 */
public interface ModelSpec {

  /**
   * The model of a configured task: a {@link CnnSpec} over its classes, or an {@link LstmSpec} with
   * its lookback and horizon.
   *
   * @param task the task
   * @return its spec
   */
  static ModelSpec of(TaskSpec task) {
    return switch (task.model()) {
      case CNN -> new CnnSpec(task.classes().size());
      case LSTM -> new LstmSpec(task.lookback(), task.horizon());
    };
  }

  /** Whether a model's output is class scores or real values. */
  enum OutputKind {
    /** Output: one unnormalised score per class; labels: one class index per sample. */
    CLASSIFICATION,
    /** Output: {@link #outputs()} real values per sample; targets: as many floats per sample. */
    REGRESSION
  }

  /**
   * Returns a short name of the model, used for the DJL model and in logs.
   *
   * @return the name, e.g. {@code "cnn"}
   */
  String name();

  /**
   * Builds a new, uninitialised block.
   *
   * @return a fresh block, never shared
   */
  Block newBlock();

  /**
   * Returns the shape of one input sample, without the batch axis.
   *
   * @return e.g. {@code (3, 64, 64)} for the CNN
   */
  Shape sampleShape();

  /**
   * Returns the number of outputs per sample: classes for classification, values for regression.
   *
   * @return a positive count
   */
  int outputs();

  /**
   * Returns whether the output is class scores or real values.
   *
   * @return the output kind
   */
  OutputKind outputKind();

  /**
   * Builds a new loss for training (softmax cross-entropy over logits for classification).
   *
   * @return a fresh loss instance
   */
  Loss newLoss();

  /**
   * Returns the number of floats in one input sample.
   *
   * @return the product of {@link #sampleShape()}
   */
  default int sampleSize() {
    return Math.toIntExact(sampleShape().size());
  }
}
