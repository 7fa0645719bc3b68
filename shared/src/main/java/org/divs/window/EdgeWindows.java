package org.divs.window;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The windows of every terminal of one edge: one {@link WindowAssembler} per terminal, for its
 * latest incarnation (a restarted terminal starts a new series; chunks of an older incarnation are
 * ignored). Window 0 of an incarnation starts at the first chunk the edge sees, rounded down to the
 * stride, as the terminal's chunks are. Plain Java; not thread-safe (one context).
 */
public final class EdgeWindows {
  /**
   * A terminal's windows.
   *
   * @param lengthMs window length L
   * @param strideMs stride S
   * @param maxLatenessMs how far past a window's end the chunks may reach before a gap in it is
   *     given up
   */
  public record Settings(long lengthMs, long strideMs, long maxLatenessMs) {}

  /** A terminal's latest incarnation; its assembler is null once its stream ended. */
  private record Current(long incarnation, WindowAssembler assembler) {
    boolean ended() {
      return assembler == null;
    }
  }

  private final Map<String, Settings> settings;
  private final Map<String, Current> current = new HashMap<>();
  private long emitted;
  private long skipped;

  /** Windows for the terminals in {@code settings} (by terminal id); others get none. */
  public EdgeWindows(Map<String, Settings> settings) {
    this.settings = Map.copyOf(settings);
  }

  /**
   * Takes a stored chunk.
   *
   * @param terminal its terminal
   * @param incarnation the terminal's incarnation
   * @param startMs the chunk's start (inclusive)
   * @param endMs the chunk's end (exclusive)
   * @param frames its stored frames
   * @return the windows it completed, in order
   */
  public List<Window> add(
      String terminal, long incarnation, long startMs, long endMs, List<FrameEntry> frames) {
    Settings s = settings.get(terminal);
    if (s == null) {
      return List.of();
    }
    Current c = current.get(terminal);
    if (c == null || c.incarnation() < incarnation) {
      long origin = Math.floorDiv(startMs, s.strideMs()) * s.strideMs();
      c =
          new Current(
              incarnation,
              new WindowAssembler(
                  terminal, incarnation, origin, s.lengthMs(), s.strideMs(), s.maxLatenessMs()));
      current.put(terminal, c);
    } else if (c.incarnation() > incarnation || c.ended()) {
      return List.of();
    }
    WindowAssembler a = c.assembler();
    long e0 = a.emitted();
    long s0 = a.skipped();
    List<Window> out = a.add(startMs, endMs, frames);
    emitted += a.emitted() - e0;
    skipped += a.skipped() - s0;
    return out;
  }

  /**
   * Whether a stored chunk of {@code terminal} ending at {@code endMs} is in no window still to
   * come: every window holding it is final, or it belongs to an incarnation this edge no longer (or
   * never) windows, such as one stored before the edge restarted. What may move to another edge
   * without taking a count with it that this edge would still add to its series.
   */
  public boolean settled(String terminal, long incarnation, long endMs) {
    Current c = current.get(terminal);
    return c == null
        || c.incarnation() != incarnation
        || c.ended()
        || c.assembler().settledBefore(endMs);
  }

  /**
   * The stream of {@code terminal}'s {@code incarnation} ended with every chunk stored: windows it
   * left open never complete, so all its chunks are settled, and a chunk of it sent again adds no
   * window.
   */
  public void ended(String terminal, long incarnation) {
    Current c = current.get(terminal);
    if (c != null && c.incarnation() == incarnation) {
      current.put(terminal, new Current(incarnation, null)); // its open windows' frames go
    }
  }

  /** Windows completed, over all terminals. */
  public long emitted() {
    return emitted;
  }

  /** Windows given up because of a gap, over all terminals. */
  public long skipped() {
    return skipped;
  }
}
