package org.divs.train;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
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
 * <p>A step follows its frames when they migrate: {@link #moved} notes each chunk that left for
 * another edge, and a step whose window's chunks have all left for one edge leaves the series, as
 * that edge now windows and counts them. A step whose chunks went to two edges, or only partly
 * left, stays: no other edge can count its whole window.
 */
public final class SeriesStore {
  private static final long DAY_MS = 86_400_000L;

  /** One window's count; which of its chunks migrated away, and where to. */
  private static final class Step {
    final long incarnation;
    final long timeMs;
    final long endMs;
    final double count;
    final CalendarFields calendar;
    Set<Long> movedChunks;
    String movedTo;
    boolean split;

    Step(long incarnation, long timeMs, long endMs, double count, CalendarFields calendar) {
      this.incarnation = incarnation;
      this.timeMs = timeMs;
      this.endMs = endMs;
      this.count = count;
      this.calendar = calendar;
    }

    /**
     * Notes chunk {@code index} gone to {@code to}; whether every chunk of this step's window went
     * to that one edge.
     */
    boolean gone(long index, String to, long strideMs) {
      if (movedChunks == null) {
        movedChunks = new HashSet<>();
        movedTo = to;
      } else if (!to.equals(movedTo)) {
        split = true;
      }
      movedChunks.add(index);
      long chunks = Math.floorDiv(endMs - 1, strideMs) - Math.floorDiv(timeMs, strideMs) + 1;
      return !split && movedChunks.size() == chunks;
    }
  }

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
   * A stored chunk of {@code terminal} migrated to edge {@code to}: it is noted on every step whose
   * window holds it, and the steps whose windows have now moved wholly to {@code to} leave the
   * series.
   *
   * @param terminal the chunk's terminal
   * @param incarnation its incarnation
   * @param chunkStartMs the chunk's start (inclusive), a multiple of the terminal's stride
   * @param chunkEndMs its end (exclusive)
   * @param to the edge that now holds it
   * @return the steps that left
   */
  public synchronized int moved(
      String terminal, long incarnation, long chunkStartMs, long chunkEndMs, String to) {
    Terminal t = series.get(terminal);
    if (t == null) {
      return 0;
    }
    long index = Math.floorDiv(chunkStartMs, t.strideMs());
    int removed = 0;
    for (Iterator<Step> it = t.steps().iterator(); it.hasNext(); ) {
      Step s = it.next();
      if (s.incarnation == incarnation
          && s.timeMs < chunkEndMs
          && s.endMs > chunkStartMs
          && s.gone(index, to, t.strideMs())) {
        it.remove();
        removed++;
      }
    }
    return removed;
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
        if (b == null || s.incarnation != last.incarnation || s.timeMs <= last.timeMs) {
          if (b != null) {
            out.add(b.build());
          }
          b = FlowSeries.builder(t.strideMs());
        }
        b.add(s.timeMs, s.count, s.calendar);
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
