package org.divs.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.divs.bus.FrameId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Windows of an edge's terminals")
class EdgeWindowsTest {
  private static List<FrameEntry> frames(String t, long inc, long from, long to) {
    List<FrameEntry> out = new ArrayList<>();
    for (long ms = from; ms < to; ms += 100) {
      out.add(new FrameEntry(new FrameId(t, inc, ms / 100), ms, 1.0, null));
    }
    return out;
  }

  @Test
  @DisplayName(
      "windows start at the first chunk seen; a new incarnation starts a new series and the old"
          + " one's late chunks are ignored; unknown terminals get none")
  void perIncarnation() {
    EdgeWindows w = new EdgeWindows(Map.of("cam", new EdgeWindows.Settings(2000, 1000, 5000)));
    assertThat(w.add("cam", 1, 3000, 4000, frames("cam", 1, 3000, 4000))).isEmpty();
    List<Window> first = w.add("cam", 1, 4000, 5000, frames("cam", 1, 4000, 5000));
    assertThat(first)
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.startMs()).isEqualTo(3000);
              assertThat(x.count()).isEqualTo(20.0);
            });
    assertThat(w.add("cam", 2, 0, 1000, frames("cam", 2, 0, 1000))).isEmpty();
    assertThat(w.add("cam", 1, 5000, 6000, frames("cam", 1, 5000, 6000))).isEmpty();
    assertThat(w.add("cam", 2, 1000, 2000, frames("cam", 2, 1000, 2000)))
        .singleElement()
        .satisfies(x -> assertThat(x.incarnation()).isEqualTo(2));
    assertThat(w.add("other", 1, 0, 1000, frames("other", 1, 0, 1000))).isEmpty();
    assertThat(w.emitted()).isEqualTo(2);
  }

  @Test
  @DisplayName(
      "a chunk is settled once every window holding it is final or its stream ended; chunks"
          + " before the origin, of another incarnation or of a terminal not windowed here are"
          + " settled at once")
  void settledChunks() {
    EdgeWindows w = new EdgeWindows(Map.of("cam", new EdgeWindows.Settings(2000, 1000, 5000)));
    w.add("cam", 1, 3000, 4000, frames("cam", 1, 3000, 4000));
    assertThat(w.settled("cam", 1, 4000)).as("window [3000, 5000) still open").isFalse();
    assertThat(w.settled("cam", 1, 3000)).as("before the origin").isTrue();
    w.add("cam", 1, 4000, 5000, frames("cam", 1, 4000, 5000));
    assertThat(w.settled("cam", 1, 4000)).isTrue();
    assertThat(w.settled("cam", 1, 5000)).as("window [4000, 6000) still open").isFalse();
    // a gap: chunk 5 never comes, so windows 1 and 2 are given up once chunks reach 5 s past them
    w.add("cam", 1, 6000, 12000, frames("cam", 1, 6000, 12000));
    assertThat(w.settled("cam", 1, 6000)).isTrue();
    assertThat(w.settled("cam", 1, 12000)).isFalse();
    assertThat(w.settled("cam", 9, 12000)).as("an incarnation not windowed here").isTrue();
    assertThat(w.settled("other", 1, 12000)).isTrue();
    w.add("cam", 2, 0, 1000, frames("cam", 2, 0, 1000));
    assertThat(w.settled("cam", 1, 12000)).as("the old incarnation after a restart").isTrue();
    assertThat(w.settled("cam", 2, 1000)).isFalse();
    w.ended("cam", 1);
    assertThat(w.settled("cam", 2, 1000)).as("the end of another incarnation").isFalse();
    w.ended("cam", 2);
    assertThat(w.settled("cam", 2, 1000)).as("its stream ended").isTrue();
    assertThat(w.add("cam", 2, 1000, 2000, frames("cam", 2, 1000, 2000)))
        .as("a chunk sent again after the end")
        .isEmpty();
  }
}
