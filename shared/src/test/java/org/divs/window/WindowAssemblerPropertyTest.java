package org.divs.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Properties of the window assembler. */
class WindowAssemblerPropertyTest {
  static final long S = WindowAssemblerTest.S;

  @Property(tries = 100)
  @Label("Any arrival order of the chunks gives the same windows as in order")
  void anyOrder(@ForAll long seed, @ForAll @IntRange(min = 3, max = 30) int chunks) {
    List<Long> order = new ArrayList<>();
    for (long k = 0; k < chunks; k++) {
      order.add(k);
    }
    Collections.shuffle(order, new Random(seed));
    WindowAssembler a = new WindowAssembler("cam", 1, 0, 3 * S, S, 1000 * S);
    List<Window> out = new ArrayList<>();
    for (long k : order) {
      out.addAll(a.add(k * S, (k + 1) * S, WindowAssemblerTest.chunk(k)));
    }
    assertThat(out).hasSize(chunks - 2);
    for (int i = 0; i < out.size(); i++) {
      assertThat(out.get(i).index()).isEqualTo(i);
      assertThat(out.get(i).count()).isEqualTo(30.0);
    }
  }
}
