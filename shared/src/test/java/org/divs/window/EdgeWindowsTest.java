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
}
