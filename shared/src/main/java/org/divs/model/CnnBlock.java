package org.divs.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;

/**
 * The paper's vehicle classifier: INPUT (3x64x64) -> (CONV -> POOL) x 2 -> FC x 3, softmax in the
 * loss.
 *
 * <p>Layers: centre the input ({@code 2x - 1}, no parameters), conv 5x5 with 16 channels, ReLU, max
 * pool 2 (16x30x30), conv 5x5 with 32 channels, ReLU, max pool 2 (32x13x13), flatten (5408), linear
 * 128, ReLU, linear 64, ReLU, linear {@code classes}. About 0.715M parameters, all of them conv or
 * linear weights and biases (no batch norm), so averaging weight sets between nodes averages the
 * whole model state.
 */
public final class CnnBlock {

  /** Channels of an input image. */
  public static final int CHANNELS = 3;

  /** Height and width of an input image in pixels. */
  public static final int SIDE = 64;

  /** Shape of one input sample, CHW, float32 in [0, 1]. */
  public static final Shape SAMPLE_SHAPE = new Shape(CHANNELS, SIDE, SIDE);

  private CnnBlock() {}

  /**
   * Builds a new, uninitialised CNN block.
   *
   * @param classes the number of output classes, at least 2
   * @return the block; its output is one logit per class
   */
  public static Block newBlock(int classes) {
    if (classes < 2) {
      throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
    }
    return new SequentialBlock()
        .add(new LambdaBlock(list -> new NDList(list.singletonOrThrow().mul(2f).sub(1f)), "centre"))
        .add(Conv2d.builder().setKernelShape(new Shape(5, 5)).setFilters(16).build())
        .add(Activation.reluBlock())
        .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
        .add(Conv2d.builder().setKernelShape(new Shape(5, 5)).setFilters(32).build())
        .add(Activation.reluBlock())
        .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
        .add(Blocks.batchFlattenBlock())
        .add(Linear.builder().setUnits(128).build())
        .add(Activation.reluBlock())
        .add(Linear.builder().setUnits(64).build())
        .add(Activation.reluBlock())
        .add(Linear.builder().setUnits(classes).build());
  }
}
