package org.divs.inference;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.divs.flow.FlowSeries;
import org.divs.source.CalendarFields;

/**
 * The recent window counts of each terminal, kept for the live forecast: the LSTM input of the
 * {@code lookback} windows up to a given one. The input is built by {@link FlowSeries#inputs} so
 * the live forecast sees exactly what training and {@code divs eval} see. A window without a
 * calendar takes one from its stream time (the minute of day of its start, on a weekday), as the
 * edge's training series does. Thread-safe: the ingest appends while inference reads.
 */
public final class LiveSeries {
  private static final long DAY_MS = 86_400_000L;

  private record Step(long incarnation, long startMs, double count, CalendarFields calendar) {}

  private final int capacity;
  private final Map<String, Deque<Step>> steps = new LinkedHashMap<>();

  /** Keeps the newest {@code capacity} windows per terminal. */
  public LiveSeries(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    this.capacity = capacity;
  }

  /**
   * Appends a window's count; a window without a count (NaN) is ignored.
   *
   * @param terminal its terminal
   * @param incarnation the terminal's incarnation
   * @param startMs the window's start
   * @param count its count
   * @param calendar its calendar, or null
   */
  public synchronized void add(
      String terminal, long incarnation, long startMs, double count, CalendarFields calendar) {
    if (Double.isNaN(count)) {
      return;
    }
    CalendarFields cal =
        calendar != null
            ? calendar
            : new CalendarFields((int) (Math.floorMod(startMs, DAY_MS) / 60_000), 0, false);
    Deque<Step> d = steps.computeIfAbsent(terminal, k -> new ArrayDeque<>());
    d.addLast(new Step(incarnation, startMs, count, cal));
    while (d.size() > capacity) {
      d.removeFirst();
    }
  }

  /**
   * The LSTM input of the {@code lookback} windows ending with the one starting at {@code startMs},
   * to forecast the window after it; null when fewer gap-free windows of that incarnation are held.
   *
   * @param terminal the terminal
   * @param incarnation its incarnation
   * @param startMs start of the last window of the input
   * @param strideMs the terminal's window stride (the series' step)
   * @param lookback windows of history
   * @param scale the task's count scale
   * @return {@code lookback * 4} floats, or null
   */
  public synchronized float[] input(
      String terminal, long incarnation, long startMs, long strideMs, int lookback, float scale) {
    Deque<Step> d = steps.get(terminal);
    if (d == null) {
      return null;
    }
    Step[] window = new Step[lookback];
    int n = 0;
    long expect = startMs;
    for (Iterator<Step> it = d.descendingIterator(); it.hasNext() && n < lookback; ) {
      Step s = it.next();
      if (s.incarnation() != incarnation || s.startMs() > expect) {
        continue;
      }
      if (s.startMs() != expect) {
        return null;
      }
      window[lookback - 1 - n++] = s;
      expect -= strideMs;
    }
    if (n < lookback) {
      return null;
    }
    FlowSeries.Builder b = FlowSeries.builder(strideMs);
    for (Step s : window) {
      b.add(s.startMs(), s.count(), s.calendar());
    }
    b.add(startMs + strideMs, 0, window[lookback - 1].calendar());
    return b.build().inputs(new int[] {lookback}, lookback, scale);
  }
}
