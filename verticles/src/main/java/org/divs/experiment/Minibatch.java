package org.divs.experiment;

import java.util.Arrays;
import org.divs.model.LocalTrainer;
import org.divs.model.ModelSpec;

/** A reusable minibatch of up to {@code capacity} samples for one model: inputs and labels. */
final class Minibatch {
  final float[] x;
  final int[] classes;
  final float[] targets;
  private final ModelSpec spec;
  private final int capacity;

  Minibatch(ModelSpec spec, int capacity) {
    this.spec = spec;
    this.capacity = capacity;
    this.x = new float[capacity * spec.sampleSize()];
    boolean regression = spec.outputKind() == ModelSpec.OutputKind.REGRESSION;
    this.classes = regression ? null : new int[capacity];
    this.targets = regression ? new float[capacity * spec.outputs()] : null;
  }

  /** Trains on the first {@code n} samples and returns the loss. */
  float step(LocalTrainer trainer, int n) {
    if (n == capacity) {
      return classes != null ? trainer.step(x, classes) : trainer.step(x, targets);
    }
    float[] xs = Arrays.copyOf(x, n * spec.sampleSize());
    return classes != null
        ? trainer.step(xs, Arrays.copyOf(classes, n))
        : trainer.step(xs, Arrays.copyOf(targets, n * spec.outputs()));
  }

  /** Trains one pass over {@code idx} of {@code shard} in minibatches; returns the mean loss. */
  double pass(LocalTrainer trainer, Shard shard, int[] idx) {
    double sum = 0;
    int steps = 0;
    for (int from = 0; from < idx.length; from += capacity) {
      int n = Math.min(capacity, idx.length - from);
      for (int k = 0; k < n; k++) {
        shard.copy(idx[from + k], this, k);
      }
      sum += step(trainer, n);
      steps++;
    }
    return steps == 0 ? Double.NaN : sum / steps;
  }
}
