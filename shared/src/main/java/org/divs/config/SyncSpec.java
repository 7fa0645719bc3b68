package org.divs.config;

import java.util.Objects;
import org.divs.sync.WeightEncoding;
import org.divs.sync.Weighting;

/**
 * How rounds are run and merged.
 *
 * @param weighting how local weight sets are weighted in the merge
 * @param batchesPerEpoch b: rounds per local epoch
 * @param minibatch m: samples per minibatch
 * @param deadlineMs how long a round waits for local updates
 * @param quorum share of edges whose updates make a round, in (0, 1]
 * @param retries R: how often a round below quorum is retried before the task pauses
 * @param epsilon steady state: a relative change of the global weights under this for {@code
 *     steadyRounds} rounds in a row stops the task; 0 = never
 * @param steadyRounds r: calm rounds in a row that make the steady state
 * @param maxRounds round cap per task (rounds with participants); 0 = none
 * @param up encoding of leaf updates (deltas from the global they trained from, with error
 *     feedback)
 * @param down encoding of the globals sent down (deltas from the previous global)
 * @param startAfterStreams whether the cloud starts round 1 only once every finite training stream
 *     of the street edges has ended and its frames are stored, windowed and cut
 */
public record SyncSpec(
    Weighting weighting,
    int batchesPerEpoch,
    int minibatch,
    long deadlineMs,
    double quorum,
    int retries,
    double epsilon,
    int steadyRounds,
    long maxRounds,
    WeightEncoding up,
    WeightEncoding down,
    boolean startAfterStreams) {

  /** Checks that the weighting is present. */
  public SyncSpec {
    Objects.requireNonNull(weighting, "weighting");
  }
}
