package org.divs.bus;

import java.util.List;
import org.divs.sync.Contribution;
import org.divs.sync.Weights;

/**
 * A street edge's local weight set after round {@code round}, or an aggregator's exact partial
 * merge of its subtree, sent to the parent.
 *
 * @param runId the run it belongs to
 * @param task task id
 * @param round the round it answers (trained from W(round - 1))
 * @param from the sending edge
 * @param samples samples trained on (summed over leaves for a partial)
 * @param logMass ln of the unnormalised merge weight (see {@link org.divs.sync.Weighting})
 * @param leaves the street edges whose data is in this update
 * @param missing the street edges of the sender's subtree that did not answer in time
 * @param loss mean training loss, sample-weighted over leaves
 * @param trainMs training time on the slowest leaf, ms
 * @param weights the local weights, or the partial's normalised mean
 */
public record LocalUpdate(
    String runId,
    String task,
    long round,
    String from,
    long samples,
    double logMass,
    List<String> leaves,
    List<String> missing,
    double loss,
    long trainMs,
    Weights weights) {
  /** Defensive copies of the leaf lists. */
  public LocalUpdate {
    leaves = List.copyOf(leaves);
    missing = List.copyOf(missing);
  }

  /** This update as a merge input. */
  public Contribution contribution() {
    return new Contribution(logMass, samples, leaves, weights);
  }
}
