package org.divs.experiment;

import org.divs.model.LocalTrainer;
import org.divs.model.ModelSpec;
import org.divs.model.OptimizerKind;
import org.divs.sync.Weighting;

/**
 * What the federated run and its centralised baseline share: model, optimiser, learning rate,
 * initial-weight seed, minibatch; and how the federation rounds go (weighting, b batches per local
 * epoch).
 *
 * @param spec the model
 * @param optimizer the optimiser
 * @param learningRate its fixed learning rate
 * @param seed seed of W(0) and of the shuffles
 * @param weighting how edges are weighted in the merge
 * @param batchesPerEpoch b: a round is ceil(S_j / b) samples per edge
 * @param minibatch m
 */
record TrainingSettings(
    ModelSpec spec,
    OptimizerKind optimizer,
    float learningRate,
    long seed,
    Weighting weighting,
    int batchesPerEpoch,
    int minibatch) {

  /** A new minibatch of m samples for this model. */
  Minibatch newMinibatch() {
    return new Minibatch(spec, minibatch);
  }

  /** A new trainer with these settings, initialised with W(0) of the seed. */
  LocalTrainer newTrainer() {
    return LocalTrainer.builder()
        .setSpec(spec)
        .optOptimizer(optimizer)
        .optLearningRate(learningRate)
        .optSeed(seed)
        .build();
  }
}
