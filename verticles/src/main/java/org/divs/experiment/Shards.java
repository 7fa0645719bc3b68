package org.divs.experiment;

import java.util.List;
import org.divs.flow.FlowSamples;
import org.divs.train.CropStore;

/** The shards of the two tasks, and the union of shards for the centralised baseline. */
final class Shards {
  private Shards() {}

  /**
   * An edge's crop store (the production store the trainer verticle reads), for the CNN: the crops
   * it holds now.
   */
  static Shard crops(CropStore store) {
    CropStore.Snapshot held = store.snapshot();
    return new Shard() {
      @Override
      public int size() {
        return held.size();
      }

      @Override
      public void copy(int i, Minibatch batch, int slot) {
        batch.classes[slot] = held.copy(i, batch.x, slot * store.cropLength());
      }
    };
  }

  /** An edge's LSTM samples. */
  static Shard flow(FlowSamples samples) {
    return new Shard() {
      @Override
      public int size() {
        return samples.size();
      }

      @Override
      public void copy(int i, Minibatch batch, int slot) {
        samples.copy(i, batch.x, batch.targets, slot);
      }
    };
  }

  /** Every sample of every part, part after part. */
  static Shard union(List<Shard> parts) {
    int[] starts = new int[parts.size() + 1];
    for (int p = 0; p < parts.size(); p++) {
      starts[p + 1] = starts[p] + parts.get(p).size();
    }
    return new Shard() {
      @Override
      public int size() {
        return starts[parts.size()];
      }

      @Override
      public void copy(int i, Minibatch batch, int slot) {
        int p = 0;
        while (i >= starts[p + 1]) {
          p++;
        }
        parts.get(p).copy(i - starts[p], batch, slot);
      }
    };
  }
}
