package org.divs.sim;

import java.util.SplittableRandom;

/**
 * Where a city's cameras stand: spread unevenly over its streets, seeded. Each street draws a
 * weight from a Gamma distribution of integer shape (a sum of that many unit exponentials); each
 * camera then picks a street with probability proportional to its weight. Streets are served by
 * edges in contiguous blocks, as evenly as the counts allow.
 */
public final class CameraSpread {
  private CameraSpread() {}

  /**
   * Cameras per street.
   *
   * @param cameras how many cameras
   * @param streets how many streets
   * @param shape the Gamma shape of the street weights (smaller = more uneven), at least 1
   * @param seed the seed
   * @return one count per street, summing to {@code cameras}
   */
  public static int[] perStreet(int cameras, int streets, int shape, long seed) {
    if (cameras < 0 || streets < 1 || shape < 1) {
      throw new IllegalArgumentException("need cameras >= 0, streets >= 1, shape >= 1");
    }
    SplittableRandom random = new SplittableRandom(seed);
    double[] cumulative = new double[streets];
    double total = 0;
    for (int s = 0; s < streets; s++) {
      double w = 0;
      for (int k = 0; k < shape; k++) {
        w -= Math.log(1 - random.nextDouble());
      }
      total += w;
      cumulative[s] = total;
    }
    int[] counts = new int[streets];
    for (int c = 0; c < cameras; c++) {
      double u = random.nextDouble() * total;
      int s = 0;
      while (s < streets - 1 && cumulative[s] <= u) {
        s++;
      }
      counts[s]++;
    }
    return counts;
  }

  /** The edge (0-based) serving street {@code street} when {@code edges} edges serve them all. */
  public static int edgeOf(int street, int streets, int edges) {
    if (edges < 1 || edges > streets || street < 0 || street >= streets) {
      throw new IllegalArgumentException(
          "street " + street + " of " + streets + " over " + edges + " edges");
    }
    return (int) ((long) street * edges / streets);
  }
}
