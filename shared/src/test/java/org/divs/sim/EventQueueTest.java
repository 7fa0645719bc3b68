package org.divs.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The virtual clock")
class EventQueueTest {
  @Test
  @DisplayName("runs events by time, and events of one time in the order they were scheduled")
  void order() {
    EventQueue q = new EventQueue();
    List<String> seen = new ArrayList<>();
    q.at(2, () -> seen.add("c@" + q.now()));
    q.at(1, () -> seen.add("a@" + q.now()));
    q.at(1, () -> seen.add("b@" + q.now()));
    q.after(0.5, () -> q.after(0.5, () -> seen.add("d@" + q.now())));
    assertThat(q.run(100)).isTrue();
    assertThat(seen).containsExactly("a@1.0", "b@1.0", "d@1.0", "c@2.0");
    assertThat(q.processed()).isEqualTo(5);
    assertThat(q.nowMillis()).isEqualTo(2000);
  }

  @Test
  @DisplayName("a cancelled event never runs, stop ends the run, and the cap reports itself")
  void cancelStopCap() {
    EventQueue q = new EventQueue();
    List<Integer> seen = new ArrayList<>();
    q.at(1, () -> seen.add(1)).cancel();
    q.at(2, () -> seen.add(2));
    q.at(3, q::stop);
    q.at(4, () -> seen.add(4));
    assertThat(q.run(100)).isTrue();
    assertThat(seen).containsExactly(2);
    assertThat(q.run(0)).isFalse();
    assertThat(seen).containsExactly(2);
    assertThatThrownBy(() -> q.at(1, () -> {})).isInstanceOf(IllegalArgumentException.class);
  }
}
