package org.divs.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.divs.sync.RoundMachine.Decision;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Round state machine")
class RoundMachineTest {
  private final AtomicLong now = new AtomicLong(1_000);

  private RoundMachine machine(int leaves, double quorum, int retries) {
    return new RoundMachine(leaves, quorum, 5_000, retries, now::get);
  }

  @Test
  @DisplayName("A round where every child answered with data merges at once")
  void completeMerges() {
    RoundMachine m = machine(4, 1.0, 2);
    assertThat(m.begin()).isEqualTo(6_000);
    assertThat(m.decide(false, 3)).isEqualTo(Decision.WAIT);
    assertThat(m.decide(true, 4)).isEqualTo(Decision.MERGE);
  }

  @Test
  @DisplayName("A straggler is left out at the deadline when the others reach the quorum")
  void stragglerLeftOut() {
    RoundMachine m = machine(4, 0.75, 2);
    m.begin();
    now.addAndGet(4_999);
    assertThat(m.decide(false, 3)).isEqualTo(Decision.WAIT);
    now.addAndGet(1);
    assertThat(m.decide(false, 3)).isEqualTo(Decision.MERGE);
  }

  @Test
  @DisplayName("Below quorum a round is retried R times, then the task pauses")
  void retryThenPause() {
    RoundMachine m = machine(4, 0.75, 2);
    for (int attempt = 1; attempt <= 2; attempt++) {
      m.begin();
      now.addAndGet(5_000);
      assertThat(m.decide(false, 2)).as("attempt " + attempt).isEqualTo(Decision.RETRY);
    }
    m.begin();
    now.addAndGet(5_000);
    assertThat(m.decide(false, 2)).isEqualTo(Decision.PAUSE);
    m.resume();
    m.begin();
    now.addAndGet(5_000);
    assertThat(m.decide(false, 2)).isEqualTo(Decision.RETRY);
  }

  @Test
  @DisplayName("A round that merges resets the count of failed rounds")
  void mergeResetsRetries() {
    RoundMachine m = machine(2, 1.0, 1);
    m.begin();
    now.addAndGet(5_000);
    assertThat(m.decide(false, 1)).isEqualTo(Decision.RETRY);
    m.begin();
    assertThat(m.decide(true, 2)).isEqualTo(Decision.MERGE);
    m.begin();
    now.addAndGet(5_000);
    assertThat(m.decide(false, 1)).isEqualTo(Decision.RETRY);
  }

  @Test
  @DisplayName("Everyone answering without data is an empty round, not a failure")
  void emptyRound() {
    RoundMachine m = machine(3, 1.0, 0);
    m.begin();
    assertThat(m.decide(true, 0)).isEqualTo(Decision.EMPTY);
    assertThat(m.failedInARow()).isZero();
  }

  @Test
  @DisplayName("Steady state needs r calm rounds in a row")
  void steadyState() {
    SteadyState s = new SteadyState(0.01, 2);
    Weights a = Weights.of(new float[] {100, 0});
    Weights b = Weights.of(new float[] {100.5f, 0});
    Weights c = Weights.of(new float[] {110, 0});
    assertThat(s.offer(a, b)).isFalse();
    assertThat(s.offer(b, c)).isFalse();
    assertThat(s.offer(c, c)).isFalse();
    assertThat(s.offer(c, c)).isTrue();
  }
}
