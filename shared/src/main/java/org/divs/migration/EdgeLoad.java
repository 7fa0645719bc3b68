package org.divs.migration;

/**
 * What one street edge reported for the last migration period.
 *
 * @param edge the edge id
 * @param frames n_j, the frames it holds for training
 * @param frameMillis t_j, its training time per frame over all tasks, in milliseconds (emulated
 *     speed included)
 * @param freeCapacity how many more frames its store takes before it evicts
 */
public record EdgeLoad(String edge, long frames, double frameMillis, long freeCapacity) {
  /** Checks the figures. */
  public EdgeLoad {
    if (edge == null || edge.isBlank()) {
      throw new IllegalArgumentException("edge load without an edge id");
    }
    if (frames < 0) {
      throw new IllegalArgumentException("edge " + edge + ": negative frame count " + frames);
    }
    if (!(frameMillis > 0) || Double.isInfinite(frameMillis)) {
      throw new IllegalArgumentException(
          "edge " + edge + ": time per frame must be positive and finite, got " + frameMillis);
    }
    if (freeCapacity < 0) {
      throw new IllegalArgumentException("edge " + edge + ": negative free capacity");
    }
  }

  /** T_j = t_j * n_j: the time of one epoch over its frames, in milliseconds. */
  public double epochMillis() {
    return frameMillis * frames;
  }
}
