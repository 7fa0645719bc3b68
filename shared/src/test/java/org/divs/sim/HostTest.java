package org.divs.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A host shares its cores among its jobs")
class HostTest {
  @Test
  @DisplayName("a job alone on 4 threads runs S(4) times faster than on one")
  void alone() {
    EventQueue q = new EventQueue();
    Host h = new Host("h", 4, 1.0, q);
    double[] done = new double[1];
    h.start(2.0, 4, Amdahl.fromTwoThreadSpeedup(1.6), () -> done[0] = q.now());
    q.run(100);
    assertThat(done[0]).isCloseTo(2.0 / (1 / (0.25 + 0.75 / 4)), within(1e-12));
  }

  @Test
  @DisplayName("two one-thread jobs on one core run at half speed until the first ends")
  void shared() {
    EventQueue q = new EventQueue();
    Host h = new Host("h", 1, 1.0, q);
    Map<String, Double> done = new LinkedHashMap<>();
    h.start(1.0, 1, Amdahl.SERIAL, () -> done.put("a", q.now()));
    h.start(2.0, 1, Amdahl.SERIAL, () -> done.put("b", q.now()));
    q.run(100);
    // both at rate 0.5 until a ends at 2; b has 1 left at rate 1: ends at 3
    assertThat(done).containsOnlyKeys("a", "b");
    assertThat(done.get("a")).isCloseTo(2.0, within(1e-12));
    assertThat(done.get("b")).isCloseTo(3.0, within(1e-12));
    assertThat(h.busyCoreSeconds()).isCloseTo(3.0, within(1e-12));
  }

  @Test
  @DisplayName("a cancelled job gives its share back and never completes; speed scales work")
  void cancel() {
    EventQueue q = new EventQueue();
    Host h = new Host("h", 1, 2.0, q);
    Map<String, Double> done = new LinkedHashMap<>();
    Host.Job a = h.start(10.0, 1, Amdahl.SERIAL, () -> done.put("a", q.now()));
    h.start(2.0, 1, Amdahl.SERIAL, () -> done.put("b", q.now()));
    q.at(1.0, () -> h.cancel(a));
    q.run(100);
    // b: rate 1 (speed 2, half a core) until 1 s, then 2: 1 done, 1 left, ends at 1.5
    assertThat(done).containsOnlyKeys("b");
    assertThat(done.get("b")).isCloseTo(1.5, within(1e-12));
    assertThat(a.over()).isTrue();
  }

  @Test
  @DisplayName("a worker runs its jobs one at a time, in order")
  void worker() {
    EventQueue q = new EventQueue();
    Host h = new Host("h", 2, 1.0, q);
    Worker w = new Worker(h, 1);
    Map<String, Double> done = new LinkedHashMap<>();
    w.submit(1.0, Amdahl.SERIAL, () -> done.put("a", q.now()));
    w.submit(1.0, Amdahl.SERIAL, () -> done.put("b", q.now()));
    assertThat(w.backlog()).isEqualTo(2);
    q.run(100);
    assertThat(done).containsExactly(Map.entry("a", 1.0), Map.entry("b", 2.0));
  }
}
