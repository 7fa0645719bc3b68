/**
 * Experiments on the real data in {@code ../shared/data}: federated training of the production
 * model classes run in-process (one {@link org.divs.model.LocalTrainer} per simulated edge, {@link
 * org.divs.sync.Weighting} and {@link org.divs.sync.WeightedMerge} per round) beside a centralised
 * baseline that sees the same samples, the data splits, and the held-out evaluation shared with
 * {@code divs eval}. Plain Java, no Vert.x: the verticle streaming path is not used here.
 */
package org.divs.experiment;
