package org.divs.window;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.divs.bus.FrameId;
import org.divs.source.CalendarFields;

/**
 * Builds the overlapping windows of one terminal incarnation's stream at the edge.
 *
 * <p>A terminal sends non-overlapping chunks (one per stride); the edge stores each frame once and
 * hands each stored chunk here: its stream-time span and its frames. Windows start at {@code origin
 * + k * stride} (k = 0, 1, ...) and last {@code length}; window k is emitted, in order, once the
 * chunks received cover its whole span without a gap (chunks may arrive out of order, and the same
 * chunk twice). A window whose span still has a gap when chunks already cover up to {@code
 * maxLateness} past its end is given up (a chunk was dropped by the terminal or lost) and counted
 * in {@link #skipped()}. Frames before {@code origin} are ignored.
 *
 * <p>Memory: frames are kept only until the last window that holds them is emitted or skipped. Not
 * thread-safe: one assembler per terminal incarnation, used from one context.
 */
public final class WindowAssembler {
  private final String terminal;
  private final long incarnation;
  private final long origin;
  private final long length;
  private final long stride;
  private final long maxLateness;

  /** Received spans, merged: start -> end (exclusive). */
  private final TreeMap<Long, Long> covered = new TreeMap<>();

  /** Frames not yet past every window, by time, then id. */
  private final TreeMap<Long, Map<FrameId, FrameEntry>> frames = new TreeMap<>();

  private long next;
  private long emitted;
  private long skipped;

  /**
   * An assembler.
   *
   * @param terminal the terminal
   * @param incarnation its incarnation
   * @param originMs stream time where window 0 starts
   * @param lengthMs window length L
   * @param strideMs window stride S (at most L)
   * @param maxLatenessMs how far past a window's end the chunks may reach before a gap in it is
   *     given up
   */
  public WindowAssembler(
      String terminal,
      long incarnation,
      long originMs,
      long lengthMs,
      long strideMs,
      long maxLatenessMs) {
    if (strideMs < 1 || lengthMs < strideMs || maxLatenessMs < 0) {
      throw new IllegalArgumentException(
          "need 1 <= stride <= length and lateness >= 0: L=" + lengthMs + " S=" + strideMs);
    }
    this.terminal = terminal;
    this.incarnation = incarnation;
    this.origin = originMs;
    this.length = lengthMs;
    this.stride = strideMs;
    this.maxLateness = maxLatenessMs;
  }

  /**
   * Takes a stored chunk.
   *
   * @param startMs the chunk's start (inclusive)
   * @param endMs the chunk's end (exclusive)
   * @param chunkFrames its frames (times within the span)
   * @return the windows completed by it, in order
   */
  public List<Window> add(long startMs, long endMs, List<FrameEntry> chunkFrames) {
    if (endMs < startMs) {
      throw new IllegalArgumentException("chunk ends before it starts: " + startMs + ", " + endMs);
    }
    long keepFrom = windowStart(next);
    for (FrameEntry f : chunkFrames) {
      if (!f.id().terminal().equals(terminal) || f.id().incarnation() != incarnation) {
        throw new IllegalArgumentException(
            "frame " + f.id() + " is not of " + terminal + "/" + incarnation);
      }
      if (f.timeMs() >= keepFrom) {
        frames.computeIfAbsent(f.timeMs(), t -> new TreeMap<>()).put(f.id(), f);
      }
    }
    cover(Math.max(startMs, origin), endMs);
    List<Window> out = new ArrayList<>();
    while (true) {
      long ws = windowStart(next);
      long we = ws + length;
      Map.Entry<Long, Long> span = covered.floorEntry(ws);
      if (span != null && span.getValue() >= we) {
        out.add(window(ws, we));
        emitted++;
      } else if (!covered.isEmpty()
          && covered.lastEntry().getValue() >= we + maxLateness
          && covered.lastEntry().getValue() > we) {
        skipped++;
      } else {
        break;
      }
      next++;
      frames.headMap(windowStart(next)).clear();
    }
    return out;
  }

  private long windowStart(long k) {
    return origin + k * stride;
  }

  private void cover(long s, long e) {
    if (e <= s) {
      return;
    }
    Map.Entry<Long, Long> before = covered.floorEntry(s);
    if (before != null && before.getValue() >= s) {
      s = before.getKey();
      e = Math.max(e, before.getValue());
    }
    Map.Entry<Long, Long> after = covered.ceilingEntry(s);
    while (after != null && after.getKey() <= e) {
      e = Math.max(e, after.getValue());
      covered.remove(after.getKey());
      after = covered.ceilingEntry(s);
    }
    covered.put(s, e);
    // forget spans wholly before the next window
    long ws = windowStart(next);
    while (covered.size() > 1 && covered.firstEntry().getValue() < ws) {
      covered.pollFirstEntry();
    }
  }

  private Window window(long ws, long we) {
    List<FrameId> ids = new ArrayList<>();
    double count = 0;
    boolean any = false;
    CalendarFields cal = null;
    for (Map<FrameId, FrameEntry> at : frames.subMap(ws, we).values()) {
      for (FrameEntry f : at.values()) {
        ids.add(f.id());
        if (!Double.isNaN(f.count())) {
          count += f.count();
          any = true;
        }
        if (cal == null) {
          cal = f.calendar();
        }
      }
    }
    return new Window(terminal, incarnation, next, ws, we, ids, any ? count : Double.NaN, cal);
  }

  /** Windows emitted so far. */
  public long emitted() {
    return emitted;
  }

  /** Windows given up because of a gap. */
  public long skipped() {
    return skipped;
  }

  /**
   * Whether every window holding stream time before {@code endMs} is final (emitted or skipped), so
   * no window to come holds a frame of a chunk ending there: true when that chunk ends by the start
   * of the next window to complete (so also when it ends at or before the origin).
   */
  public boolean settledBefore(long endMs) {
    return endMs <= windowStart(next);
  }

  /** The number of the next window to complete. */
  public long nextIndex() {
    return next;
  }

  /** Frames held, waiting for their windows. */
  public int held() {
    int n = 0;
    for (Map<FrameId, FrameEntry> m : frames.values()) {
      n += m.size();
    }
    return n;
  }
}
