package org.divs.inference;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Thins each terminal's stream of served chunks into console events, so a terminal streaming
 * hundreds of chunks a second does not send the console an event for every one while nothing new is
 * shown.
 *
 * <p>A chunk is published at once when it is eventful (crops were classified or windows got
 * results) or when at least the fold interval has passed since its terminal's last event; so a
 * camera sending a chunk per stride still gets one event per chunk. Any other chunk is folded: held
 * until the terminal's next published event, which then stands for it too, or until {@link #flush}
 * (the caller's timer, one fold interval later). Only chunks of the same group (status and
 * incarnation, say) are folded together: a chunk of another group first publishes the folded ones
 * as their own event. Every chunk offered is counted in exactly one event.
 *
 * <p>Plain Java, not thread-safe: one instance per serving thread.
 *
 * @param <P> what an event shows of its latest chunk
 */
public final class ChunkEventFolder<P> {
  /**
   * One event to publish: the latest chunk's payload, standing for {@code chunks} chunks (itself
   * and those folded before it) with the sums of their crops, windows and serving time.
   *
   * @param <P> the payload type
   */
  public record Event<P>(
      P latest, String group, int chunks, long crops, long windows, double serveMs) {}

  private static final class Folded<P> {
    P latest;
    String group;
    int chunks;
    long crops;
    long windows;
    double serveMs;

    Event<P> event() {
      return new Event<>(latest, group, chunks, crops, windows, serveMs);
    }
  }

  private final long foldNanos;
  private final Map<String, Folded<P>> folded = new HashMap<>();
  private final Map<String, Long> lastEvent = new HashMap<>();

  /**
   * A folder publishing each terminal's uneventful chunks at most once per {@code foldNanos}.
   *
   * @throws IllegalArgumentException if {@code foldNanos} is negative
   */
  public ChunkEventFolder(long foldNanos) {
    if (foldNanos < 0) {
      throw new IllegalArgumentException("fold interval " + foldNanos + " ns is negative");
    }
    this.foldNanos = foldNanos;
  }

  /**
   * Takes a served chunk of {@code terminal} at time {@code now} (nanoseconds, any origin) and
   * returns the events to publish now, in order: none when it was folded; one for it (with the
   * chunks folded before it in the same group); or, when folded chunks of another group wait, one
   * for those and one for it.
   *
   * @param group chunks fold together only within a group (e.g. status and incarnation)
   * @param eventful whether the chunk shows something new (crops classified, window results)
   */
  public List<Event<P>> offer(
      String terminal,
      String group,
      P payload,
      int crops,
      int windows,
      boolean eventful,
      double serveMs,
      long now) {
    Objects.requireNonNull(terminal, "terminal");
    Objects.requireNonNull(group, "group");
    List<Event<P>> out = new ArrayList<>(2);
    Folded<P> f = folded.get(terminal);
    if (f != null && !f.group.equals(group)) {
      out.add(f.event());
      folded.remove(terminal);
      f = null;
    }
    if (f == null) {
      f = new Folded<>();
      f.group = group;
    }
    f.latest = payload;
    f.chunks++;
    f.crops += crops;
    f.windows += windows;
    f.serveMs += serveMs;
    Long last = lastEvent.get(terminal);
    if (eventful || last == null || now - last >= foldNanos) {
      out.add(f.event());
      folded.remove(terminal);
      lastEvent.put(terminal, now);
    } else {
      folded.put(terminal, f);
    }
    return out;
  }

  /**
   * The chunks of {@code terminal} folded and not yet published, as one event (which counts as the
   * terminal's latest), or empty when none wait.
   */
  public Optional<Event<P>> flush(String terminal, long now) {
    Folded<P> f = folded.remove(terminal);
    if (f == null) {
      return Optional.empty();
    }
    lastEvent.put(terminal, now);
    return Optional.of(f.event());
  }

  /** Whether chunks of {@code terminal} are folded and waiting. */
  public boolean holds(String terminal) {
    return folded.containsKey(terminal);
  }

  /** The terminals with folded chunks waiting. */
  public List<String> holding() {
    return List.copyOf(folded.keySet());
  }
}
