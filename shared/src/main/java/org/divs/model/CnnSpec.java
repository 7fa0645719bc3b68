package org.divs.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.loss.Loss;

/**
 * The {@link ModelSpec} of the vehicle classifier, {@link CnnBlock}: input 3x64x64 float32 in [0,
 * 1], CHW, one logit per class, softmax cross-entropy loss.
 *
 * @param classes the number of vehicle classes, at least 2
 */
public record CnnSpec(int classes) implements ModelSpec {

  /**
   * Checks the class count.
   *
   * @param classes the number of vehicle classes, at least 2
   */
  public CnnSpec {
    if (classes < 2) {
      throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
    }
  }

  @Override
  public String name() {
    return "cnn";
  }

  @Override
  public Block newBlock() {
    return CnnBlock.newBlock(classes);
  }

  @Override
  public Shape sampleShape() {
    return CnnBlock.SAMPLE_SHAPE;
  }

  @Override
  public int outputs() {
    return classes;
  }

  @Override
  public OutputKind outputKind() {
    return OutputKind.CLASSIFICATION;
  }

  @Override
  public Loss newLoss() {
    return Loss.softmaxCrossEntropyLoss();
  }
}
