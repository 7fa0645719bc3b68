package org.divs.sim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * LB-BSP-style balancing (Chen et al., SoCC'20, "Semi-dynamic load balancing"): no data moves;
 * instead each edge's samples per round are sized to its speed, so all finish a round together. The
 * round's total stays what the edges would train without it (the sum of ceil(S_j / b)).
 */
public final class LbBsp {
  private LbBsp() {}

  /**
   * The samples each edge trains this round.
   *
   * @param held S_j per edge, the samples it holds (iteration order is kept)
   * @param speed each edge's measured samples per second (positive)
   * @param b batches per local epoch
   * @param m minibatch: an edge holding fewer samples trains none; one that trains trains at least
   *     m
   * @return k_j per edge: proportional to its speed, at least m, at most S_j; 0 for edges under m
   */
  public static Map<String, Long> sizes(
      Map<String, Long> held, Map<String, Double> speed, int b, int m) {
    long total = 0;
    double speedSum = 0;
    for (Map.Entry<String, Long> e : held.entrySet()) {
      if (e.getValue() >= m) {
        total += -Math.floorDiv(-e.getValue(), (long) b);
        double v = speed.getOrDefault(e.getKey(), Double.NaN);
        if (!(v > 0) || Double.isInfinite(v)) {
          throw new IllegalArgumentException("edge " + e.getKey() + " has no positive speed");
        }
        speedSum += v;
      }
    }
    Map<String, Long> k = new LinkedHashMap<>();
    for (Map.Entry<String, Long> e : held.entrySet()) {
      long s = e.getValue();
      if (s < m) {
        k.put(e.getKey(), 0L);
      } else {
        long share = Math.round(total * speed.get(e.getKey()) / speedSum);
        k.put(e.getKey(), Math.min(s, Math.max(m, share)));
      }
    }
    return k;
  }
}
