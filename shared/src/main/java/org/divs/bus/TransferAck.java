package org.divs.bus;

import java.util.List;

/**
 * A receiving edge's reply to a migration transfer batch: the frames it stored and already held,
 * and the windows of the batch's terminals it counts in its own series that hold a chunk of the
 * batch or that the batch completed. The donor drops those windows' steps from its series, so a
 * window is a step on one edge.
 *
 * @param accepted frames stored now
 * @param duplicates frames already held (a resent batch)
 * @param counted windows the receiver counts, by terminal, incarnation and start
 */
public record TransferAck(int accepted, int duplicates, List<CountedWindow> counted) {
  /** Copies the list. */
  public TransferAck {
    counted = List.copyOf(counted);
  }

  /**
   * One window of a terminal's stream counted by the receiver.
   *
   * @param terminal the terminal
   * @param incarnation its incarnation
   * @param startMs the window's start in stream time
   */
  public record CountedWindow(String terminal, long incarnation, long startMs) {}
}
