package org.divs.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("LB-BSP sizes each edge's round to its speed")
class LbBspTest {
  private static <V> Map<String, V> map(Object... kv) {
    Map<String, V> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      @SuppressWarnings("unchecked")
      V v = (V) kv[i + 1];
      m.put((String) kv[i], v);
    }
    return m;
  }

  @Test
  @DisplayName("the round's total is kept and shared by speed; an edge under m trains nothing")
  void proportional() {
    Map<String, Long> k =
        LbBsp.sizes(map("a", 100L, "b", 100L, "c", 5L), map("a", 1.0, "b", 3.0, "c", 1.0), 2, 10);
    assertThat(k).containsExactly(Map.entry("a", 25L), Map.entry("b", 75L), Map.entry("c", 0L));
  }

  @Test
  @DisplayName("an edge never trains more than it holds, nor less than a minibatch")
  void capped() {
    Map<String, Long> k = LbBsp.sizes(map("a", 20L, "b", 100L), map("a", 30.0, "b", 1.0), 1, 10);
    assertThat(k).containsExactly(Map.entry("a", 20L), Map.entry("b", 10L));
  }
}
