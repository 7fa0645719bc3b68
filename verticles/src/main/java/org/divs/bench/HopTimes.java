package org.divs.bench;

import java.util.Map;

/**
 * The times of one round of {@code divs bench round-transport}, per hop, in milliseconds, from
 * System.nanoTime stamps taken in the three JVMs (on Linux one monotonic clock for the host).
 *
 * @param down from the top starting to encode W(i) until the last street edge holds it decoded
 * @param leafUp the slowest street edge: from holding the global (it answers at once: no training)
 *     until its parent's acknowledgement (its update encoded, sent, taken and decoded) is back
 * @param aggUp the slower aggregator: from its last child's acknowledgement (when it starts to
 *     merge) until the top has taken its partial
 * @param top from the last partial taken until W(i + 1) is merged (0 on the bare path)
 * @param round from the top starting W(i) until it holds W(i + 1)
 * @param codec compression on the critical path, within the times above: the top encoding W(i) for
 *     the down link plus the slowest street edge's decompressing it and compressing its update (0
 *     on the bare path)
 */
record HopTimes(double down, double leafUp, double aggUp, double top, double round, double codec) {
  /** Names of the hops (and the codec share), in component order. */
  static final String[] NAMES = {"down", "leaf->agg", "agg->top", "top merge", "round", "codec"};

  /** Index of the whole round in {@link #values()}. */
  static final int ROUND = 4;

  /** The hops as an array, in {@link #NAMES} order. */
  double[] values() {
    return new double[] {down, leafUp, aggUp, top, round, codec};
  }

  /**
   * The hop times of a round.
   *
   * @param t0 when the top began the round
   * @param leaves per street edge: global decoded, acknowledgement of its update received, its
   *     codec's nanoseconds
   * @param accepted per aggregator: when the top took its partial
   * @param done when the top held W(i + 1)
   * @param topCodec nanoseconds the top took to encode W(i)
   */
  static HopTimes of(
      long t0, Map<String, long[]> leaves, Map<String, Long> accepted, long done, long topCodec) {
    long decoded = Long.MIN_VALUE;
    long leafUp = Long.MIN_VALUE;
    long leafCodec = 0;
    for (long[] t : leaves.values()) {
      decoded = Math.max(decoded, t[0]);
      leafUp = Math.max(leafUp, t[1] - t[0]);
      leafCodec = Math.max(leafCodec, t[2]);
    }
    long aggUp = Long.MIN_VALUE;
    long lastAccepted = Long.MIN_VALUE;
    for (Map.Entry<String, Long> a : accepted.entrySet()) {
      long childrenIn = Long.MIN_VALUE;
      for (String leaf : TransportCity.leavesUnder(a.getKey())) {
        childrenIn = Math.max(childrenIn, leaves.get(leaf)[1]);
      }
      aggUp = Math.max(aggUp, a.getValue() - childrenIn);
      lastAccepted = Math.max(lastAccepted, a.getValue());
    }
    return new HopTimes(
        ms(decoded - t0),
        ms(leafUp),
        ms(aggUp),
        ms(done - lastAccepted),
        ms(done - t0),
        ms(topCodec + leafCodec));
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
