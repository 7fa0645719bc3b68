package org.divs.window;

import org.divs.bus.FrameId;
import org.divs.source.CalendarFields;

/**
 * A stored frame as windows see it.
 *
 * @param id the frame's id
 * @param timeMs its stream time
 * @param count vehicles counted for it (NaN when its source counts nothing)
 * @param calendar its calendar fields, or null
 */
public record FrameEntry(FrameId id, long timeMs, double count, CalendarFields calendar) {
  /** A frame without count or calendar. */
  public static FrameEntry of(FrameId id, long timeMs) {
    return new FrameEntry(id, timeMs, Double.NaN, null);
  }
}
