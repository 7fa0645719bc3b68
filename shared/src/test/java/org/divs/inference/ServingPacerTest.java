package org.divs.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.divs.inference.ServingPacer.Action;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ServingPacerTest {
  private static final long GAP = 5_000_000;

  @Test
  @DisplayName("The first chunk is served at once, and so is one that comes after the gap")
  void servesAtOnce() {
    ServingPacer p = new ServingPacer(GAP);
    assertThat(p.queued(100)).isEqualTo(Action.SERVE_NOW);
    assertThat(p.queued(200)).as("a pass is pending").isEqualTo(Action.NONE);
    p.passStarted(300);
    assertThat(p.queued(300 + GAP)).isEqualTo(Action.SERVE_NOW);
  }

  @Test
  @DisplayName("A chunk within the gap arms one timer, which serves what waits when it fires")
  void defersWithinTheGap() {
    ServingPacer p = new ServingPacer(GAP);
    p.queued(0);
    p.passStarted(0);
    assertThat(p.queued(1_000_000)).isEqualTo(Action.ARM_TIMER);
    assertThat(p.untilGapEnds(1_000_000)).isEqualTo(4_000_000);
    assertThat(p.queued(2_000_000)).as("the timer is armed").isEqualTo(Action.NONE);
    assertThat(p.timerFired(GAP - 1, true))
        .as("fired early: once more")
        .isEqualTo(Action.ARM_TIMER);
    assertThat(p.timerFired(GAP, true)).isEqualTo(Action.SERVE_NOW);
    assertThat(p.timerArmed()).isFalse();
    assertThat(p.passPending()).isTrue();
  }

  @Test
  @DisplayName("A timer that finds nothing waiting does nothing")
  void idleTimer() {
    ServingPacer p = new ServingPacer(GAP);
    p.queued(0);
    p.passStarted(0);
    p.queued(1);
    assertThat(p.timerFired(GAP, false)).isEqualTo(Action.NONE);
    assertThat(p.timerArmed()).isFalse();
    assertThat(p.queued(GAP + 1)).isEqualTo(Action.SERVE_NOW);
  }

  @Test
  @DisplayName("A negative gap is refused")
  void negativeGap() {
    assertThatThrownBy(() -> new ServingPacer(-1)).hasMessageContaining("negative gap");
  }

  /**
   * Chunks arrive at random; a pass starts some time after it is asked for and serves all that
   * wait; a timer fires at or after its deadline. No chunk is ever left waiting with neither a pass
   * nor a timer pending, passes start at least a gap apart, and no chunk waits longer than the gap
   * plus the two delays.
   */
  @Property(tries = 300)
  @Label("Every chunk is served within the gap plus the delays, and passes keep the gap")
  void simulated(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 300) int chunks,
      @ForAll @LongRange(min = 0, max = 20_000_000) long meanSpacing,
      @ForAll @LongRange(min = 0, max = 2_000_000) long passDelay,
      @ForAll @LongRange(min = 0, max = 2_000_000) long timerDelay) {
    SplittableRandom r = new SplittableRandom(seed);
    ServingPacer p = new ServingPacer(GAP);
    Deque<Long> waiting = new ArrayDeque<>();
    long now = 0;
    long passAt = Long.MAX_VALUE;
    long timerAt = Long.MAX_VALUE;
    long lastPass = Long.MIN_VALUE;
    long nextChunk = 0;
    int arrived = 0;
    while (arrived < chunks || !waiting.isEmpty()) {
      long next =
          Math.min(arrived < chunks ? nextChunk : Long.MAX_VALUE, Math.min(passAt, timerAt));
      assertThat(next)
          .as("something must be pending while chunks wait")
          .isNotEqualTo(Long.MAX_VALUE);
      now = next;
      Action a = Action.NONE;
      if (now == passAt) {
        passAt = Long.MAX_VALUE;
        if (lastPass != Long.MIN_VALUE) {
          assertThat(now - lastPass).as("passes a gap apart").isGreaterThanOrEqualTo(GAP);
        }
        lastPass = now;
        p.passStarted(now);
        for (long queuedAt : waiting) {
          assertThat(now - queuedAt).isLessThanOrEqualTo(GAP + passDelay + timerDelay);
        }
        waiting.clear();
      } else if (now == timerAt) {
        timerAt = Long.MAX_VALUE;
        a = p.timerFired(now, !waiting.isEmpty());
      } else {
        waiting.add(now);
        arrived++;
        nextChunk = now + (meanSpacing == 0 ? 0 : r.nextLong(2 * meanSpacing + 1));
        a = p.queued(now);
      }
      if (a == Action.SERVE_NOW) {
        passAt = now + r.nextLong(passDelay + 1);
      } else if (a == Action.ARM_TIMER) {
        timerAt = now + p.untilGapEnds(now) + r.nextLong(timerDelay + 1);
      }
      if (!waiting.isEmpty()) {
        assertThat(p.passPending() || p.timerArmed())
            .as("a waiting chunk is not forgotten")
            .isTrue();
      }
    }
  }
}
