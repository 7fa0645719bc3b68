package org.divs.train;

import org.divs.model.LocalTrainer;

/**
 * The samples one task's trainer draws its rounds from on one edge: crops for the CNN ({@link
 * CropStore}), windows of the count series with enough history for the LSTM ({@link
 * SeriesSamples}).
 */
public interface TaskSamples {

  /**
   * S_j: the samples that can be drawn now.
   *
   * @return the count
   */
  int size();

  /**
   * Fixes the samples of one round.
   *
   * @return the round's samples
   */
  Round round();

  /** The samples of one round: every index below {@link #size()} stays valid for the round. */
  interface Round {

    /**
     * The samples of the round.
     *
     * @return the count
     */
    int size();

    /**
     * Trains one minibatch: samples {@code idx[from] .. idx[from + n - 1]}.
     *
     * @param trainer the task's trainer
     * @param idx sample indices
     * @param from first position in {@code idx}
     * @param n minibatch size
     * @return the minibatch's loss
     */
    float step(LocalTrainer trainer, int[] idx, int from, int n);
  }
}
