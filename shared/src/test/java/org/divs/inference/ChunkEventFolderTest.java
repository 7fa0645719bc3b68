package org.divs.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.divs.inference.ChunkEventFolder.Event;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Chunk events folded per terminal")
class ChunkEventFolderTest {
  private static final long MS = 1_000_000L;

  @Test
  @DisplayName("a chunk per stride gets an event each; a burst of uneventful chunks gets one")
  void slowStreamUnchangedBurstFolded() {
    ChunkEventFolder<Integer> f = new ChunkEventFolder<>(100 * MS);
    for (int i = 0; i < 5; i++) {
      assertThat(f.offer("cam", "served", i, 0, 1, false, 1.0, i * 500 * MS))
          .extracting(Event::chunks)
          .containsExactly(1);
    }
    long t = 10_000 * MS;
    assertThat(f.offer("cam", "served", 10, 0, 0, false, 1.0, t)).hasSize(1);
    for (int i = 11; i < 20; i++) {
      assertThat(f.offer("cam", "served", i, 0, 1, false, 0.5, t + i * MS)).isEmpty();
    }
    assertThat(f.holds("cam")).isTrue();
    Event<Integer> e = f.flush("cam", t + 100 * MS).orElseThrow();
    assertThat(e.latest()).isEqualTo(19);
    assertThat(e.chunks()).isEqualTo(9);
    assertThat(e.windows()).isEqualTo(9);
    assertThat(e.serveMs()).isEqualTo(4.5);
    assertThat(f.holds("cam")).isFalse();
    assertThat(f.flush("cam", t + 200 * MS)).isEmpty();
  }

  @Test
  @DisplayName("an eventful chunk is published at once and carries the chunks folded before it")
  void eventfulCarriesFolded() {
    ChunkEventFolder<String> f = new ChunkEventFolder<>(100 * MS);
    f.offer("cam", "g", "a", 0, 0, false, 1, 0);
    assertThat(f.offer("cam", "g", "b", 0, 0, false, 1, MS)).isEmpty();
    assertThat(f.offer("other", "g", "x", 0, 0, false, 1, MS)).hasSize(1);
    List<Event<String>> out = f.offer("cam", "g", "c", 4, 1, true, 2, 2 * MS);
    assertThat(out).containsExactly(new Event<>("c", "g", 2, 4, 1, 3.0));
    assertThat(f.holding()).isEmpty();
  }

  @Test
  @DisplayName("chunks of another group are not folded together: the folded ones go out first")
  void groupsKeptApart() {
    ChunkEventFolder<String> f = new ChunkEventFolder<>(100 * MS);
    f.offer("cam", "no-model/1", "a", 0, 0, false, 1, 0);
    f.offer("cam", "no-model/1", "b", 0, 0, false, 1, MS);
    f.offer("cam", "no-model/1", "c", 0, 0, false, 1, 2 * MS);
    List<Event<String>> out = f.offer("cam", "served/1", "d", 0, 0, false, 1, 3 * MS);
    assertThat(out).containsExactly(new Event<>("c", "no-model/1", 2, 0, 0, 2.0));
    assertThat(f.holds("cam")).isTrue();
    assertThat(f.flush("cam", 4 * MS).orElseThrow())
        .isEqualTo(new Event<>("d", "served/1", 1, 0, 0, 1.0));
  }

  @Test
  @DisplayName("a negative fold interval is refused")
  void negativeInterval() {
    assertThatThrownBy(() -> new ChunkEventFolder<>(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("negative");
  }

  @Property(tries = 300)
  @Label(
      "every chunk is counted in exactly one event, in order; an eventful one at once, an"
          + " uneventful one at once iff the interval passed since its terminal's last event")
  void nothingLost(
      @ForAll @IntRange(min = 0, max = 300) int chunks,
      @ForAll @IntRange(min = 1, max = 3) int terminals,
      @ForAll @IntRange(min = 0, max = 50) int foldMs,
      @ForAll long seed) {
    Random random = new Random(seed);
    ChunkEventFolder<Integer> f = new ChunkEventFolder<>(foldMs * MS);
    Map<String, Integer> offered = new HashMap<>();
    Map<String, Integer> counted = new HashMap<>();
    Map<String, Long> lastEvent = new HashMap<>();
    Map<String, List<Integer>> published = new HashMap<>();
    long now = 0;
    for (int i = 0; i < chunks; i++) {
      now += random.nextInt(3) * MS;
      String term = "t" + random.nextInt(terminals);
      String group = random.nextInt(10) == 0 ? "other" : "served";
      boolean eventful = random.nextInt(5) == 0;
      offered.merge(term, 1, Integer::sum);
      List<Event<Integer>> out = f.offer(term, group, i, 0, 1, eventful, 1, now);
      if (eventful) {
        assertThat(out).isNotEmpty();
        assertThat(out.get(out.size() - 1).latest()).isEqualTo(i);
      }
      for (Event<Integer> e : out) {
        counted.merge(term, e.chunks(), Integer::sum);
        assertThat(e.windows()).isEqualTo(e.chunks());
        published.computeIfAbsent(term, k -> new ArrayList<>()).add(e.latest());
      }
      boolean ownEvent = !out.isEmpty() && out.get(out.size() - 1).latest() == i;
      Long last = lastEvent.get(term);
      if (!eventful) {
        assertThat(ownEvent)
            .as("chunk %d published at once iff the interval passed since the last event", i)
            .isEqualTo(last == null || now - last >= foldMs * MS);
      }
      if (ownEvent) {
        lastEvent.put(term, now);
      }
      if (random.nextInt(20) == 0) {
        now += foldMs * MS;
        for (String t : f.holding()) {
          Event<Integer> e = f.flush(t, now).orElseThrow();
          lastEvent.put(t, now);
          counted.merge(t, e.chunks(), Integer::sum);
          published.computeIfAbsent(t, k -> new ArrayList<>()).add(e.latest());
        }
      }
    }
    for (String t : f.holding()) {
      Event<Integer> e = f.flush(t, now).orElseThrow();
      counted.merge(t, e.chunks(), Integer::sum);
      published.computeIfAbsent(t, k -> new ArrayList<>()).add(e.latest());
    }
    assertThat(counted).isEqualTo(offered);
    published.values().forEach(latest -> assertThat(latest).as("events in chunk order").isSorted());
  }
}
