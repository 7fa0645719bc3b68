package org.divs.bus;

import java.util.List;
import java.util.Objects;
import org.divs.sync.Contribution;
import org.divs.sync.EncodedWeights;
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
 * @param trainMs emulated training time of the round on the slowest leaf, ms: the trainer thread's
 *     CPU time divided by its edge's speed (the critical path of the round's compute)
 * @param payload the local weights, full float32 or as a float16/int8 delta from W(round - 1) as
 *     the edge received it; a partial's normalised mean is always full float32
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
    EncodedWeights payload) {
  /** Defensive copies of the leaf lists; checks that the payload is present. */
  public LocalUpdate {
    leaves = List.copyOf(leaves);
    missing = List.copyOf(missing);
    Objects.requireNonNull(payload, "payload");
  }

  /** An update carrying full float32 weights. */
  public LocalUpdate(
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
    this(
        runId,
        task,
        round,
        from,
        samples,
        logMass,
        leaves,
        missing,
        loss,
        trainMs,
        EncodedWeights.full(weights));
  }

  /**
   * An answer without weights: the sender had no samples to train on, or (an aggregator) none of
   * its subtree sent weights in time. It counts as answered and merges as nothing.
   *
   * @param runId the run it belongs to
   * @param task task id
   * @param round the round it answers
   * @param from the sending edge
   * @param missing the street edges of the sender's subtree that did not answer in time
   * @param trainMs emulated training time on the slowest leaf, ms
   * @return an update with no samples, no leaves and an empty payload
   */
  public static LocalUpdate noData(
      String runId, String task, long round, String from, List<String> missing, long trainMs) {
    return new LocalUpdate(
        runId,
        task,
        round,
        from,
        0,
        0,
        List.of(),
        missing,
        Double.NaN,
        trainMs,
        Weights.wrap(new float[0]));
  }

  /**
   * The weights of a full payload.
   *
   * @throws IllegalStateException if the payload is a delta: decode it against W(round - 1)
   */
  public Weights weights() {
    if (payload.isDelta()) {
      throw new IllegalStateException(
          "update from '" + from + "' is a delta against round " + payload.baseRound());
    }
    return payload.decode(null);
  }

  /** The same update carrying {@code weights} full, e.g. once its delta is decoded. */
  public LocalUpdate withWeights(Weights weights) {
    return new LocalUpdate(
        runId, task, round, from, samples, logMass, leaves, missing, loss, trainMs, weights);
  }

  /** This update as a merge input; the payload must be full. */
  public Contribution contribution() {
    return new Contribution(logMass, samples, leaves, weights());
  }
}
