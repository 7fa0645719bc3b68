package org.divs.bus;

import org.divs.sync.Weights;

/**
 * The global weight set W(round) of one task, sent from the top of the tree down to the edges.
 *
 * @param runId the run it belongs to
 * @param task task id
 * @param round round number; W(0) is the initial model before any training
 * @param weights the weights
 */
public record GlobalWeights(String runId, String task, long round, Weights weights) {}
