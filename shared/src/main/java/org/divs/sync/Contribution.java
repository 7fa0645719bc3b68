package org.divs.sync;

import java.util.List;

/**
 * One input to a merge: a leaf's weight set, or a lower aggregator's exact partial merge.
 *
 * @param logMass ln of the unnormalised weight: {@link Weighting#logMass} for a leaf, the log-sum
 *     of its leaves' log-masses for a partial
 * @param samples samples behind it (sum over its leaves)
 * @param leaves the street edges behind it
 * @param weights the weight set, or for a partial the normalised mean of its leaves
 */
public record Contribution(double logMass, long samples, List<String> leaves, Weights weights) {
  /** Defensive copy of the leaf list. */
  public Contribution {
    leaves = List.copyOf(leaves);
  }
}
