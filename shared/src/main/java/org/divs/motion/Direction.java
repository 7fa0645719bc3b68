package org.divs.motion;

/** The direction in which a tracked object crossed a counting line, in image coordinates. */
public enum Direction {
  /** Across a horizontal line, towards larger y (down the image). */
  DOWN,
  /** Across a horizontal line, towards smaller y. */
  UP,
  /** Across a vertical line, towards larger x. */
  RIGHT,
  /** Across a vertical line, towards smaller x. */
  LEFT
}
