package org.divs.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.LSTM;

/**
 * The traffic-flow predictor: a standard one-layer LSTM over the last {@code lookback} steps, each
 * step {@value #FEATURES} features, whose last hidden state goes through one linear layer to the
 * next {@code horizon} counts.
 *
 * <p>Layers: DJL's {@link LSTM} (batch first, {@code hidden} units, gates i, f, g, o as in
 * PyTorch's {@code nn.LSTM}), the output of the last step ({@code [batch, hidden]}), linear {@code
 * horizon}. Parameters: input-to-hidden and hidden-to-hidden weights and biases of the LSTM, then
 * the linear weight and bias, all float32 and all trainable, so averaging weight sets averages the
 * whole model.
 */
public final class LstmBlock {

  /** Features per step: normalised count, sin and cos of time of day, weekend-or-holiday flag. */
  public static final int FEATURES = 4;

  private LstmBlock() {}

  /**
   * Builds a new, uninitialised LSTM block.
   *
   * @param hidden LSTM units, at least 1
   * @param horizon values forecast per sample, at least 1
   * @return the block: input {@code [batch, lookback, 4]}, output {@code [batch, horizon]}
   */
  public static Block newBlock(int hidden, int horizon) {
    if (hidden < 1 || horizon < 1) {
      throw new IllegalArgumentException(
          "an LSTM needs at least 1 unit and 1 output, got " + hidden + " and " + horizon);
    }
    return new SequentialBlock()
        .add(
            LSTM.builder()
                .setStateSize(hidden)
                .setNumLayers(1)
                .optBatchFirst(true)
                .optReturnState(false)
                .build())
        .add(
            new LambdaBlock(
                list -> new NDList(list.head().get(new NDIndex(":, -1, :"))), "last-step"))
        .add(Linear.builder().setUnits(horizon).build());
  }
}
