package org.divs.window;

import java.util.List;
import org.divs.bus.FrameId;
import org.divs.source.CalendarFields;

/**
 * One complete window of a terminal's stream.
 *
 * @param terminal the terminal
 * @param incarnation its incarnation (windows never span a restart)
 * @param index the window's number: it starts at {@code origin + index * stride}
 * @param startMs stream time of its start (inclusive)
 * @param endMs stream time of its end (exclusive)
 * @param ids the frames in it, in time order
 * @param count vehicles counted in it: the sum of its frames' counts, NaN when none has one
 * @param calendar the calendar of its first frame that has one, or null
 */
public record Window(
    String terminal,
    long incarnation,
    long index,
    long startMs,
    long endMs,
    List<FrameId> ids,
    double count,
    CalendarFields calendar) {
  /** Copies the id list. */
  public Window {
    ids = List.copyOf(ids);
  }
}
