package org.divs.bus;

import java.util.Objects;
import org.divs.sync.EncodedWeights;
import org.divs.sync.WeightDecompressor;
import org.divs.sync.Weights;

/**
 * The global weight set W(round) of one task, sent from the top of the tree down to the edges.
 *
 * @param runId the run it belongs to
 * @param task task id
 * @param round round number; W(0) is the initial model before any training
 * @param payload the weights: full float32 (W(0), answers to a join, and every round when the down
 *     link is not compressed) or a delta from W({@code payload.baseRound()}) in float16 or int8,
 *     which a {@link WeightDecompressor} turns into W(round)
 */
public record GlobalWeights(String runId, String task, long round, EncodedWeights payload) {
  /** Checks that the payload is present. */
  public GlobalWeights {
    Objects.requireNonNull(payload, "payload");
  }

  /** Full float32 weights W(round). */
  public GlobalWeights(String runId, String task, long round, Weights weights) {
    this(runId, task, round, EncodedWeights.full(weights));
  }

  /**
   * The weights of a full payload.
   *
   * @throws IllegalStateException if the payload is a delta: decode it with a {@link
   *     WeightDecompressor}
   */
  public Weights weights() {
    if (payload.isDelta()) {
      throw new IllegalStateException(
          task + " round " + round + " is a delta against round " + payload.baseRound());
    }
    return payload.decode(null);
  }
}
