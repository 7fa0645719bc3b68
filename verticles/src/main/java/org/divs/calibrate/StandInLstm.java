package org.divs.calibrate;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.loss.Loss;
import org.divs.model.ModelSpec;

/**
 * A traffic-flow LSTM of the stated shape, measured while the production one is not built yet:
 * input {@code [L = 12 steps, 4 features]}, one LSTM layer of {@value #HIDDEN} units, the last
 * step's state through a linear layer to {@code H = 12} outputs, L2 loss.
 */
final class StandInLstm implements ModelSpec {
  /** Hidden units (PITFALLS.md measured an LSTM of this size). */
  static final int HIDDEN = 64;

  private final int lookback;
  private final int horizon;

  StandInLstm(int lookback, int horizon) {
    this.lookback = lookback;
    this.horizon = horizon;
  }

  /** What it is, for the calibration file. */
  String description() {
    return "stand-in LSTM (the production LSTM is not built yet): "
        + lookback
        + " steps x 4 features, 1 layer of "
        + HIDDEN
        + ", last step -> linear "
        + horizon;
  }

  @Override
  public String name() {
    return "lstm";
  }

  @Override
  public Block newBlock() {
    return new SequentialBlock()
        .add(
            LSTM.builder()
                .setStateSize(HIDDEN)
                .setNumLayers(1)
                .optBatchFirst(true)
                .optReturnState(false)
                .build())
        .add(
            new LambdaBlock(
                x -> new NDList(x.singletonOrThrow().get(new NDIndex(":, -1, :"))), "last"))
        .add(Linear.builder().setUnits(horizon).build());
  }

  @Override
  public Shape sampleShape() {
    return new Shape(lookback, 4);
  }

  @Override
  public int outputs() {
    return horizon;
  }

  @Override
  public OutputKind outputKind() {
    return OutputKind.REGRESSION;
  }

  @Override
  public Loss newLoss() {
    return Loss.l2Loss();
  }
}
