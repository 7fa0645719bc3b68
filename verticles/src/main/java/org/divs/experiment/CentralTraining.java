package org.divs.experiment;

import java.util.SplittableRandom;
import org.divs.model.LocalTrainer;
import org.divs.sync.Weights;

/**
 * The centralised baseline: one trainer over the union of the edges' samples, with the same model,
 * optimiser, learning rate, W(0) and minibatch as the federation, fed round by round exactly as
 * many samples (of its own seeded shuffle, reshuffled at every pass) as the federated round trained
 * on.
 */
final class CentralTraining implements AutoCloseable {
  private final Shard all;
  private final LocalTrainer trainer;
  private final Minibatch batch;
  private final SplittableRandom random;
  private int[] order = new int[0];
  private int cursor;
  private long samples;

  CentralTraining(TrainingSettings settings, Shard all) {
    this.all = all;
    this.trainer = settings.newTrainer();
    this.batch = settings.newMinibatch();
    this.random = new SplittableRandom(settings.seed() ^ 0x5EED_CE47L);
  }

  /** Trains on the next {@code n} samples; returns the mean minibatch loss. */
  double round(long n) {
    int[] idx = new int[Math.toIntExact(n)];
    for (int i = 0; i < idx.length; i++) {
      if (cursor == order.length) {
        reshuffle();
      }
      idx[i] = order[cursor++];
    }
    samples += n;
    return batch.pass(trainer, all, idx);
  }

  private void reshuffle() {
    order = new int[all.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    cursor = 0;
  }

  /** Samples trained on so far. */
  long samples() {
    return samples;
  }

  /** The current weights. */
  Weights weights() {
    return Weights.wrap(trainer.weights());
  }

  @Override
  public void close() {
    trainer.close();
  }
}
