package org.divs.motion;

/**
 * A counting line in full-frame pixel coordinates: horizontal ({@code y = position}) or vertical
 * ({@code x = position}), limited to the segment [{@code from}, {@code to}) along the other axis.
 *
 * @param horizontal true for {@code y = position}, false for {@code x = position}
 * @param position the line's y (horizontal) or x (vertical)
 * @param from start of the segment along the line (inclusive)
 * @param to end of the segment along the line (exclusive)
 */
public record CountingLine(boolean horizontal, double position, double from, double to) {
  /** Checks the segment. */
  public CountingLine {
    if (!(to > from)) {
      throw new IllegalArgumentException("empty counting segment [" + from + ", " + to + ")");
    }
  }

  /** The whole horizontal line {@code y = y}. */
  public static CountingLine horizontal(double y) {
    return new CountingLine(true, y, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
  }

  /** The whole vertical line {@code x = x}. */
  public static CountingLine vertical(double x) {
    return new CountingLine(false, x, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
  }

  /** The coordinate of a point across the line (y for a horizontal line). */
  double across(double x, double y) {
    return horizontal ? y : x;
  }

  /** The coordinate of a point along the line (x for a horizontal line). */
  double along(double x, double y) {
    return horizontal ? x : y;
  }

  /** The direction of a move from {@code before} to {@code after} across the line. */
  Direction direction(double before, double after) {
    if (horizontal) {
      return after > before ? Direction.DOWN : Direction.UP;
    }
    return after > before ? Direction.RIGHT : Direction.LEFT;
  }
}
