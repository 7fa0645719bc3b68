package org.divs.migration;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.divs.bus.FrameId;

/**
 * Chooses what a donor edge moves: whole chunks, one terminal at a time, never more frames than
 * ordered. A chunk is what a terminal sent as one batch (its frames' stream time divided by the
 * stride), so a receiver gets complete chunks and can keep one count series per origin terminal.
 */
public final class ChunkPicker {
  private ChunkPicker() {}

  /** One chunk of one terminal incarnation, its frames in seq order. */
  public record Chunk(String terminal, long incarnation, long index, List<FrameId> frames) {
    /** Defensive copy. */
    public Chunk {
      frames = List.copyOf(frames);
    }
  }

  /**
   * Picks chunks from {@code held} (any order) totalling at most {@code amount} frames: the
   * terminal holding most frames first, its oldest chunks first, then the next terminal. A chunk
   * that would overshoot the amount is skipped, and smaller ones after it may still fit.
   *
   * @param chunkOf the chunk number of a held frame within its terminal incarnation
   */
  public static List<Chunk> pick(List<FrameId> held, ToLongFunction<FrameId> chunkOf, long amount) {
    Map<String, Map<List<Long>, List<FrameId>>> byTerminal = new LinkedHashMap<>();
    held.stream()
        .sorted()
        .forEach(
            id ->
                byTerminal
                    .computeIfAbsent(id.terminal(), t -> new LinkedHashMap<>())
                    .computeIfAbsent(
                        List.of(id.incarnation(), chunkOf.applyAsLong(id)), c -> new ArrayList<>())
                    .add(id));
    List<String> terminals = new ArrayList<>(byTerminal.keySet());
    terminals.sort(
        Comparator.<String>comparingLong(
                t -> -byTerminal.get(t).values().stream().mapToLong(List::size).sum())
            .thenComparing(t -> t));
    List<Chunk> picked = new ArrayList<>();
    long left = amount;
    for (String terminal : terminals) {
      for (Map.Entry<List<Long>, List<FrameId>> chunk : byTerminal.get(terminal).entrySet()) {
        if (chunk.getValue().size() <= left) {
          picked.add(
              new Chunk(terminal, chunk.getKey().get(0), chunk.getKey().get(1), chunk.getValue()));
          left -= chunk.getValue().size();
        }
      }
    }
    return picked;
  }
}
