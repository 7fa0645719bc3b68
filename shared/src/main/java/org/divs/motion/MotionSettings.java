package org.divs.motion;

/**
 * Settings of a {@link MotionCounter}. Lengths are full-frame pixels unless said otherwise.
 *
 * @param line the counting line
 * @param cell side of the square block of pixels averaged into one cell of the model's grid; 0
 *     picks one that makes the grid about 160 cells wide
 * @param alpha how fast the background follows a background cell, per frame, in (0, 1]
 * @param threshold grey levels (0-255) a cell must differ from the background, after the frame's
 *     global brightness shift is taken out, to be foreground
 * @param minAreaFraction the least blob area, as a fraction of the frame's area
 * @param dilate cells by which the mask is grown before blobs are formed, to join the parts of one
 *     vehicle (dark windows, roof)
 * @param maxJumpFraction how far a centre may move between frames, as a fraction of the larger
 *     frame side
 * @param maxMissed frames a track may go unseen before it ends
 * @param minAge frames a track must have been seen before it counts
 * @param minTravelFraction half-width of the band around the line that a track must leave on both
 *     sides to count (hysteresis), as a fraction of the frame side across the line
 */
public record MotionSettings(
    CountingLine line,
    int cell,
    double alpha,
    int threshold,
    double minAreaFraction,
    int dilate,
    double maxJumpFraction,
    int maxMissed,
    int minAge,
    double minTravelFraction) {

  /** Checks the ranges. */
  public MotionSettings {
    if (line == null
        || cell < 0
        || !(alpha > 0 && alpha <= 1)
        || threshold < 1
        || !(minAreaFraction >= 0 && minAreaFraction < 1)
        || dilate < 0
        || !(maxJumpFraction > 0)
        || maxMissed < 0
        || minAge < 1
        || !(minTravelFraction >= 0)) {
      throw new IllegalArgumentException("bad motion settings");
    }
  }

  /** The defaults, tuned on the two street videos in the shared data, for a counting line. */
  public static MotionSettings defaults(CountingLine line) {
    return new MotionSettings(line, 0, 0.05, 22, 0.004, 1, 0.15, 4, 3, 0.04);
  }

  /** These settings with another counting line. */
  public MotionSettings withLine(CountingLine l) {
    return new MotionSettings(
        l,
        cell,
        alpha,
        threshold,
        minAreaFraction,
        dilate,
        maxJumpFraction,
        maxMissed,
        minAge,
        minTravelFraction);
  }
}
