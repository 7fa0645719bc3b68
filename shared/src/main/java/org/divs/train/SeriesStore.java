package org.divs.train;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.divs.flow.FlowSeries;
import org.divs.source.CalendarFields;
import org.divs.window.Window;

/**
 * An edge's vehicle-count series, one per origin terminal: one step per completed window that has a
 * count, oldest first, bounded per terminal (the oldest steps go first). What the LSTM task trains
 * on, handed out as {@link FlowSeries} snapshots (the one series type of training, evaluation and
 * the experiments). Thread-safe: the edge appends while a trainer reads.
 *
 * <p>A step's time is its window's start and the series' step is the terminal's window stride, so a
 * skipped window is a gap no sample spans. A window without a calendar (a synthetic scene without a
 * daily profile) takes one from its stream time: the minute of day of its start, on a weekday. A
 * restart of the terminal (a new incarnation, stream time starting again) begins a new run of the
 * series; {@link #snapshot()} returns each run as its own series.
 *
 * <p>A step follows its frames when they migrate: the receiving edge windows the chunks it got and
 * names the windows it now counts in its ack ({@link #overlapping}), and once the ack arrives the
 * donor {@link #remove}s those steps from its own series, so a window is a step on one edge. Not
 * while a transfer that gave up after the receiver stored a batch waits for a later one to the same
 * receiver (its frames are on both edges meanwhile too), and a step an edge drops (capacity, or a
 * restart: the series lives in memory) is on neither.
 */
public final class SeriesStore {
  private static final long DAY_MS = 86_400_000L;

  private record Step(
      long incarnation, long timeMs, long endMs, double count, CalendarFields calendar) {}

  private record Terminal(long strideMs, Deque<Step> steps) {}

  private final int capacity;
  private final Map<String, Terminal> series = new LinkedHashMap<>();

  /** A store keeping at most {@code capacity} steps per terminal. */
  public SeriesStore(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.capacity = capacity;
  }

  /**
   * Appends a window's count to its terminal's series; a window without a count is ignored.
   *
   * @param w the window
   * @param strideMs its terminal's window stride, the series' time step
   * @return whether a step was added
   */
  public synchronized boolean add(Window w, long strideMs) {
    if (Double.isNaN(w.count())) {
      return false;
    }
    Terminal t = series.get(w.terminal());
    if (t == null || t.strideMs() != strideMs) {
      t = new Terminal(strideMs, new ArrayDeque<>());
      series.put(w.terminal(), t);
    }
    CalendarFields cal = w.calendar();
    if (cal == null) {
      cal = new CalendarFields((int) (Math.floorMod(w.startMs(), DAY_MS) / 60_000), 0, false);
    }
    t.steps().addLast(new Step(w.incarnation(), w.startMs(), w.endMs(), w.count(), cal));
    if (t.steps().size() > capacity) {
      t.steps().removeFirst();
    }
    return true;
  }

  /**
   * The steps of {@code terminal}'s {@code incarnation} whose windows overlap a span of stream
   * time.
   *
   * @param fromMs the span's start (inclusive)
   * @param toMs its end (exclusive)
   * @return the windows' starts, oldest first
   */
  public synchronized List<Long> overlapping(
      String terminal, long incarnation, long fromMs, long toMs) {
    Terminal t = series.get(terminal);
    List<Long> out = new ArrayList<>();
    if (t != null) {
      for (Step s : t.steps()) {
        if (s.incarnation() == incarnation && s.timeMs() < toMs && s.endMs() > fromMs) {
          out.add(s.timeMs());
        }
      }
    }
    return out;
  }

  /**
   * Removes the steps of {@code terminal}'s {@code incarnation} whose windows start at the given
   * times: windows another edge counts now.
   *
   * @return the steps removed
   */
  public synchronized int remove(String terminal, long incarnation, Collection<Long> startsMs) {
    Terminal t = series.get(terminal);
    if (t == null || startsMs.isEmpty()) {
      return 0;
    }
    Set<Long> starts = new HashSet<>(startsMs);
    int before = t.steps().size();
    t.steps().removeIf(s -> s.incarnation() == incarnation && starts.contains(s.timeMs()));
    return before - t.steps().size();
  }

  /**
   * The series held now: per terminal, one {@link FlowSeries} per run (a run ends where the
   * incarnation changes or time does not move on).
   *
   * @return the series, terminal by terminal, oldest run first
   */
  public synchronized List<FlowSeries> snapshot() {
    List<FlowSeries> out = new ArrayList<>();
    for (Terminal t : series.values()) {
      FlowSeries.Builder b = null;
      Step last = null;
      for (Step s : t.steps()) {
        if (b == null || s.incarnation() != last.incarnation() || s.timeMs() <= last.timeMs()) {
          if (b != null) {
            out.add(b.build());
          }
          b = FlowSeries.builder(t.strideMs());
        }
        b.add(s.timeMs(), s.count(), s.calendar());
        last = s;
      }
      if (b != null) {
        out.add(b.build());
      }
    }
    return out;
  }

  /** Steps held per terminal. */
  public synchronized Map<String, Integer> sizes() {
    Map<String, Integer> out = new LinkedHashMap<>();
    series.forEach((k, v) -> out.put(k, v.steps().size()));
    return out;
  }
}
