package org.divs.migration;

/**
 * One planned transfer: {@code frames} frames from the giver {@code from} to the taker {@code to}.
 */
public record Move(String from, String to, long frames) {
  /** Checks the move. */
  public Move {
    if (frames <= 0) {
      throw new IllegalArgumentException("a move carries at least one frame, got " + frames);
    }
    if (from.equals(to)) {
      throw new IllegalArgumentException("edge " + from + " cannot move frames to itself");
    }
  }
}
