package org.divs.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.divs.bus.FrameId;
import org.divs.source.CalendarFields;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Window assembler")
class WindowAssemblerTest {
  static final long S = 1000;

  /** Chunk k of a 10 fps stream: frames at k*S + 0, 100, ..., 900, each counting 1 vehicle. */
  static List<FrameEntry> chunk(long k) {
    List<FrameEntry> out = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      long t = k * S + i * 100;
      out.add(new FrameEntry(new FrameId("cam", 1, t / 100), t, 1.0, null));
    }
    return out;
  }

  static WindowAssembler assembler() {
    return new WindowAssembler("cam", 1, 0, 3 * S, S, 2 * S);
  }

  @Test
  @DisplayName("Windows of 3 strides emit once complete, overlapping, with summed counts")
  void inOrder() {
    WindowAssembler a = assembler();
    assertThat(a.add(0, S, chunk(0))).isEmpty();
    assertThat(a.add(S, 2 * S, chunk(1))).isEmpty();
    List<Window> w = a.add(2 * S, 3 * S, chunk(2));
    assertThat(w)
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.index()).isZero();
              assertThat(x.ids()).hasSize(30);
              assertThat(x.count()).isEqualTo(30.0);
              assertThat(x.endMs()).isEqualTo(3 * S);
            });
    List<Window> w2 = a.add(3 * S, 4 * S, chunk(3));
    assertThat(w2).singleElement().extracting(Window::startMs).isEqualTo(S);
    assertThat(w2.get(0).ids().get(0)).isEqualTo(new FrameId("cam", 1, 10));
    assertThat(a.held()).as("frames before the next window are forgotten").isEqualTo(20);
  }

  @Test
  @DisplayName("Chunks out of order and twice still give each window once, in order")
  void outOfOrderAndDuplicates() {
    WindowAssembler a = assembler();
    List<Window> out = new ArrayList<>();
    for (long k : new long[] {1, 0, 3, 3, 2, 0, 4}) {
      out.addAll(a.add(k * S, (k + 1) * S, chunk(k)));
    }
    assertThat(out).extracting(Window::index).containsExactly(0L, 1L, 2L);
    assertThat(out).allSatisfy(w -> assertThat(w.ids()).hasSize(30).doesNotHaveDuplicates());
  }

  @Test
  @DisplayName(
      "A chunk that never comes: its windows are given up after the lateness, then it goes on")
  void gap() {
    WindowAssembler a = assembler();
    List<Window> out = new ArrayList<>();
    for (long k : new long[] {0, 1, 2, 4, 5, 6, 7}) {
      out.addAll(a.add(k * S, (k + 1) * S, chunk(k)));
    }
    // windows 0 [0,3) ok; 1 [1,4), 2 [2,5), 3 [3,6) lack chunk 3; 4 [4,7), 5 [5,8) ok
    assertThat(out).extracting(Window::index).containsExactly(0L, 4L, 5L);
    assertThat(a.skipped()).isEqualTo(3);
  }

  @Test
  @DisplayName("Flow rows: a window's count is the sum of its rows, its calendar the first row's")
  void flowRows() {
    long step = 300_000;
    WindowAssembler a = new WindowAssembler("loop", 1, 0, 2 * step, step, 0);
    List<Window> out = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      FrameEntry row =
          new FrameEntry(
              new FrameId("loop", 1, k), k * step, 10.0 + k, new CalendarFields(5 * k, 0, false));
      out.addAll(a.add(k * step, (k + 1) * step, List.of(row)));
    }
    assertThat(out).extracting(Window::count).containsExactly(21.0, 23.0);
    assertThat(out.get(1).calendar().minuteOfDay()).isEqualTo(5);
  }
}
