package org.divs.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Links and the bus")
class NetworkTest {
  @Test
  @DisplayName("a transfer takes bytes over the slower interface, both latencies and the bus")
  void transferTime() {
    EventQueue q = new EventQueue();
    Network n = new Network(q, new BusCost(1e-3, 1e-9), new BusCost(2e-3, 1e-10));
    n.attach("a", "h1", new Link(1e6, 0.01));
    n.attach("b", "h2", new Link(2e6, 0.02));
    n.attach("c", "h1", new Link(1e6, 0.01));
    List<Double> arrivals = new ArrayList<>();
    double first = n.send("a", "b", 1_000_000, () -> arrivals.add(q.now()));
    double second = n.send("a", "b", 1_000_000, () -> arrivals.add(q.now()));
    double local = n.send("a", "c", 1_000, () -> arrivals.add(q.now()));
    q.run(100);
    double bus = 2e-3 + 1e-10 * 1_000_000;
    assertThat(first).isCloseTo(1.0 + 0.03 + bus, within(1e-12));
    // the second waits for the first to leave a's interface
    assertThat(second).isCloseTo(2.0 + 0.03 + bus, within(1e-12));
    assertThat(local).isCloseTo(1e-3 + 1e-6, within(1e-15));
    assertThat(arrivals).containsExactly(local, first, second);
    assertThat(n.bytesSent()).isEqualTo(2_000_000);
  }

  @Test
  @DisplayName("Gigabit Ethernet moves 1 MB in 8 ms")
  void gigabit() {
    EventQueue q = new EventQueue();
    Network n = new Network(q, new BusCost(0, 0), new BusCost(0, 0));
    n.attach("a", "h1", Link.GIGABIT);
    n.attach("b", "h2", Link.GIGABIT);
    assertThat(n.send("a", "b", 1_000_000, () -> {})).isCloseTo(0.008 + 100e-6, within(1e-12));
  }
}
