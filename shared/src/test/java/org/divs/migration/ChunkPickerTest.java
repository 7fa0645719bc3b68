package org.divs.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.divs.bus.FrameId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The donor's chunk picker")
class ChunkPickerTest {
  private static List<FrameId> frames(String terminal, long incarnation, int from, int to) {
    List<FrameId> ids = new ArrayList<>();
    for (int s = from; s < to; s++) {
      ids.add(new FrameId(terminal, incarnation, s));
    }
    return ids;
  }

  @Test
  @DisplayName("moves whole chunks of the fullest terminal first, oldest first, within the amount")
  void wholeChunks() {
    List<FrameId> held = new ArrayList<>(frames("cam-a", 1, 0, 20)); // chunks of 10: 2
    held.addAll(frames("cam-b", 1, 0, 30)); // chunks of 10: 3
    Collections.shuffle(held, new Random(3));
    List<ChunkPicker.Chunk> picked = ChunkPicker.pick(held, id -> id.seq() / 10, 35);
    assertThat(picked)
        .extracting(c -> c.terminal() + "#" + c.index())
        .containsExactly("cam-b#0", "cam-b#1", "cam-b#2");
    assertThat(picked.get(0).frames()).isEqualTo(frames("cam-b", 1, 0, 10));
  }

  @Test
  @DisplayName(
      "skips a chunk that would overshoot, and a partial chunk left by eviction still moves")
  void partialChunks() {
    List<FrameId> held = new ArrayList<>(frames("cam-a", 1, 4, 10)); // chunk 0 lost 4 to eviction
    held.addAll(frames("cam-a", 1, 10, 20));
    held.addAll(frames("cam-a", 2, 0, 3)); // a restart: a new incarnation's first chunk
    List<ChunkPicker.Chunk> picked = ChunkPicker.pick(held, id -> id.seq() / 10, 9);
    assertThat(picked)
        .extracting(c -> c.incarnation() + "#" + c.index() + ":" + c.frames().size())
        .containsExactly("1#0:6", "2#0:3");
  }

  @Property(tries = 200)
  @Label("never picks more than ordered, nor a frame twice, nor one not held, nor splits a chunk")
  void invariants(
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 500) int amount,
      @ForAll @IntRange(min = 1, max = 16) int k) {
    Random random = new Random(seed);
    List<FrameId> held = new ArrayList<>();
    for (int t = 0; t < 1 + random.nextInt(5); t++) {
      int start = random.nextInt(50);
      held.addAll(frames("cam-" + t, 1 + random.nextInt(2), start, start + random.nextInt(200)));
    }
    Set<FrameId> heldSet = new HashSet<>(held);
    List<ChunkPicker.Chunk> picked = ChunkPicker.pick(held, id -> id.seq() / k, amount);
    Set<FrameId> seen = new HashSet<>();
    for (ChunkPicker.Chunk c : picked) {
      for (FrameId id : c.frames()) {
        assertThat(heldSet).contains(id);
        assertThat(seen.add(id)).isTrue();
        assertThat(id.seq() / k).isEqualTo(c.index());
      }
      long inChunkHeld =
          held.stream()
              .filter(
                  id ->
                      id.terminal().equals(c.terminal())
                          && id.incarnation() == c.incarnation()
                          && id.seq() / k == c.index())
              .count();
      assertThat(c.frames()).hasSize((int) inChunkHeld);
    }
    assertThat(seen.size()).isLessThanOrEqualTo(amount);
  }
}
