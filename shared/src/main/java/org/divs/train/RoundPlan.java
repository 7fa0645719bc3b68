package org.divs.train;

import java.util.SplittableRandom;

/**
 * Which samples a round trains on (ARCHITECTURE.md "Rounds"): with S samples held and b batches per
 * local epoch, a round is one pass over the next k = ceil(S / b) samples of a seeded shuffle, in
 * minibatches of m. A new shuffle over the samples then held starts when the current one runs out,
 * or at once when fewer samples are held than it covers (frames migrated away took theirs along).
 */
public final class RoundPlan {
  private final int batchesPerEpoch;
  private final SplittableRandom random;
  private int[] order = new int[0];
  private int cursor;

  /** A plan for b batches per local epoch, shuffled from {@code seed}. */
  public RoundPlan(int batchesPerEpoch, long seed) {
    if (batchesPerEpoch < 1) {
      throw new IllegalArgumentException("batches per epoch must be at least 1");
    }
    this.batchesPerEpoch = batchesPerEpoch;
    this.random = new SplittableRandom(seed);
  }

  /** k = ceil(S / b). */
  public int samplesPerRound(int held) {
    return (held + batchesPerEpoch - 1) / batchesPerEpoch;
  }

  /** The sample indices of the next round when {@code held} samples are held. */
  public int[] next(int held) {
    int k = samplesPerRound(held);
    int[] out = new int[k];
    for (int i = 0; i < k; i++) {
      if (cursor >= order.length || order.length > held) {
        reshuffle(held);
      }
      out[i] = order[cursor++];
    }
    return out;
  }

  private void reshuffle(int held) {
    order = new int[held];
    for (int i = 0; i < held; i++) {
      order[i] = i;
    }
    for (int i = held - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    cursor = 0;
  }
}
