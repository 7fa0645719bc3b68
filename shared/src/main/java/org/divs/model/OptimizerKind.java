package org.divs.model;

import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

/** The optimizers a {@link LocalTrainer} offers, each with a fixed learning rate. */
public enum OptimizerKind {

  /** Adam (beta1 0.9, beta2 0.999); a learning rate around 1e-3. The default. */
  ADAM {
    @Override
    Optimizer build(float learningRate) {
      return Optimizer.adam().optLearningRateTracker(Tracker.fixed(learningRate)).build();
    }
  },

  /** SGD with momentum 0.9 (DJL's form: no dampening, no Nesterov); a learning rate 0.01-0.05. */
  SGD_MOMENTUM {
    @Override
    Optimizer build(float learningRate) {
      return Optimizer.sgd()
          .setLearningRateTracker(Tracker.fixed(learningRate))
          .optMomentum(0.9f)
          .build();
    }
  },

  /** Plain SGD without momentum (the paper names no optimizer); a learning rate around 0.05. */
  SGD {
    @Override
    Optimizer build(float learningRate) {
      return Optimizer.sgd().setLearningRateTracker(Tracker.fixed(learningRate)).build();
    }
  };

  /**
   * Builds a new optimizer instance; optimizer state is never shared between trainers.
   *
   * @param learningRate the fixed learning rate
   * @return a fresh optimizer
   */
  abstract Optimizer build(float learningRate);
}
