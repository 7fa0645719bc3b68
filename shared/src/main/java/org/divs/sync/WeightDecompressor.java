package org.divs.sync;

/**
 * The receiver's side of one compressed weight stream: holds the weights of the latest round it
 * decoded, the base the next delta applies to. On the down link every edge and aggregator keeps one
 * per task, and so does the cloud for its own stream (the edges' view, which the leaves' deltas are
 * relative to). Not thread-safe.
 */
public final class WeightDecompressor {
  private long round = -1;
  private Weights current;

  /**
   * Takes the payload of round {@code round} and returns that round's weights: full weights replace
   * what is held; a delta must be relative to the round held.
   *
   * @throws IllegalStateException when a delta's base round is not the round held (the receiver
   *     missed a message and must ask for the full current weights); nothing changes then
   */
  public Weights accept(long round, EncodedWeights payload) {
    if (payload.isDelta()) {
      if (current == null || payload.baseRound() != this.round) {
        throw new IllegalStateException(
            "delta for round "
                + round
                + " is against round "
                + payload.baseRound()
                + ", this node holds "
                + (current == null ? "no weights" : "round " + this.round));
      }
    }
    current = payload.decode(current);
    this.round = round;
    return current;
  }

  /** The round held; -1 before the first payload. */
  public long round() {
    return round;
  }

  /** The weights held, or null before the first payload. */
  public Weights current() {
    return current;
  }
}
