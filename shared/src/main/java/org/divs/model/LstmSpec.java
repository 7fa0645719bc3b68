package org.divs.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.loss.Loss;

/**
 * The {@link ModelSpec} of the traffic-flow predictor, {@link LstmBlock}: input {@code [lookback,
 * 4]} per sample (see {@link org.divs.flow.FlowSeries} for the features), {@code horizon}
 * normalised counts out, L1 loss (the mean absolute error the forecasts are judged by).
 *
 * @param lookback steps of history per sample, at least 1
 * @param horizon steps forecast per sample, at least 1
 * @param hidden LSTM units, at least 1
 */
public record LstmSpec(int lookback, int horizon, int hidden) implements ModelSpec {

  /** LSTM units unless given. */
  public static final int DEFAULT_HIDDEN = 64;

  /**
   * Checks the sizes.
   *
   * @param lookback steps of history per sample
   * @param horizon steps forecast per sample
   * @param hidden LSTM units
   */
  public LstmSpec {
    if (lookback < 1 || horizon < 1 || hidden < 1) {
      throw new IllegalArgumentException(
          "lookback, horizon and hidden must be at least 1: "
              + lookback
              + ", "
              + horizon
              + ", "
              + hidden);
    }
  }

  /**
   * A spec with {@link #DEFAULT_HIDDEN} units.
   *
   * @param lookback steps of history per sample
   * @param horizon steps forecast per sample
   */
  public LstmSpec(int lookback, int horizon) {
    this(lookback, horizon, DEFAULT_HIDDEN);
  }

  @Override
  public String name() {
    return "lstm";
  }

  @Override
  public Block newBlock() {
    return LstmBlock.newBlock(hidden, horizon);
  }

  @Override
  public Shape sampleShape() {
    return new Shape(lookback, LstmBlock.FEATURES);
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
    return Loss.l1Loss();
  }
}
