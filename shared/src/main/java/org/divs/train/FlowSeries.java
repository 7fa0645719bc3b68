package org.divs.train;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.divs.source.CalendarFields;
import org.divs.window.Window;

/**
 * An edge's vehicle-count series, one per origin terminal: one step per completed window that has a
 * count, oldest first, bounded per terminal (the oldest steps go first). What the LSTM task trains
 * and forecasts on. Thread-safe: the edge appends while a trainer reads.
 */
public final class FlowSeries {
  /**
   * One step of a series.
   *
   * @param incarnation the terminal incarnation of the window
   * @param startMs the window's start in stream time
   * @param endMs the window's end in stream time
   * @param count vehicles counted in it
   * @param calendar the calendar of its first frame that has one, or null
   */
  public record Step(
      long incarnation, long startMs, long endMs, double count, CalendarFields calendar) {}

  private final int capacity;
  private final Map<String, Deque<Step>> series = new LinkedHashMap<>();

  /** A store keeping at most {@code capacity} steps per terminal. */
  public FlowSeries(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.capacity = capacity;
  }

  /** Appends a window's count to its terminal's series; a window without a count is ignored. */
  public synchronized boolean add(Window w) {
    if (Double.isNaN(w.count())) {
      return false;
    }
    Deque<Step> s = series.computeIfAbsent(w.terminal(), k -> new ArrayDeque<>());
    s.addLast(new Step(w.incarnation(), w.startMs(), w.endMs(), w.count(), w.calendar()));
    if (s.size() > capacity) {
      s.removeFirst();
    }
    return true;
  }

  /** The steps of a terminal's series, oldest first. */
  public synchronized List<Step> steps(String terminal) {
    Deque<Step> s = series.get(terminal);
    return s == null ? List.of() : List.copyOf(s);
  }

  /** Steps held per terminal. */
  public synchronized Map<String, Integer> sizes() {
    Map<String, Integer> out = new LinkedHashMap<>();
    series.forEach((k, v) -> out.put(k, v.size()));
    return out;
  }
}
