package org.divs.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.divs.delivery.DeliveryWindow.Policy;
import org.divs.delivery.DeliveryWindow.Send;
import org.divs.delivery.DeliveryWindow.Settings;

/**
 * A terminal, a lossy slow network and a de-duplicating edge, simulated on a virtual clock: every
 * frame the window delivers is stored exactly once, and under BLOCK none is lost.
 */
class DeliveryWindowPropertyTest {
  static final int FRAMES_PER_CHUNK = 5;

  /** An event on the virtual clock. */
  record Event(long time, long order, Runnable action) {}

  static final class Sim {
    final Random rnd;
    final PriorityQueue<Event> events =
        new PriorityQueue<>(
            (a, b) ->
                a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.order, b.order));
    long order;
    long now;
    final Set<String> stored = new HashSet<>();
    final Map<String, Integer> storeCalls = new HashMap<>();
    long duplicatesAtEdge;

    Sim(long seed) {
      rnd = new Random(seed);
    }

    void at(long t, Runnable r) {
      events.add(new Event(t, order++, r));
    }
  }

  /**
   * Runs one simulation until every chunk is acked or dropped; the edge's view is in {@code sim}.
   */
  static DeliveryWindow<List<String>> simulate(
      Policy policy, int chunks, double loss, double ackLoss, int maxDelay, Sim sim) {
    DeliveryWindow<List<String>> w = new DeliveryWindow<>(new Settings(3, 4, 50, 2.0, 800, policy));
    int nextChunk = 0;
    long sourceEvery = 10; // a chunk every 10 ms of source time when it may be read
    long nextRead = 0;
    int guard = 0;
    while (true) {
      if (++guard > 1_000_000) {
        throw new AssertionError("simulation does not finish");
      }
      // the source: read a chunk when it is due and the window accepts one
      if (nextChunk < chunks && sim.now >= nextRead && w.canAccept()) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < FRAMES_PER_CHUNK; i++) {
          ids.add(nextChunk + "/" + i);
        }
        w.offer(ids);
        nextChunk++;
        nextRead = sim.now + sourceEvery;
      }
      for (Send<List<String>> s : w.poll(sim.now)) {
        if (sim.rnd.nextDouble() < loss) {
          continue; // the request is lost
        }
        long arrive = sim.now + 1 + sim.rnd.nextInt(maxDelay);
        long id = s.id();
        List<String> frames = s.chunk();
        sim.at(
            arrive,
            () -> {
              for (String f : frames) { // the edge: put-if-absent per frame id
                sim.storeCalls.merge(f, 1, Integer::sum);
                if (!sim.stored.add(f)) {
                  sim.duplicatesAtEdge++;
                }
              }
              if (sim.rnd.nextDouble() >= ackLoss) {
                sim.at(sim.now + 1 + sim.rnd.nextInt(maxDelay), () -> w.ack(id));
              }
            });
      }
      if (nextChunk == chunks && w.drained()) {
        return w;
      }
      long next = w.nextDeadline(sim.now);
      if (nextChunk < chunks && w.canAccept()) {
        next = Math.min(next, Math.max(nextRead, sim.now + 1));
      }
      if (!sim.events.isEmpty()) {
        next = Math.min(next, sim.events.peek().time());
      }
      sim.now = Math.max(sim.now, next);
      while (!sim.events.isEmpty() && sim.events.peek().time() <= sim.now) {
        sim.events.poll().action().run();
      }
    }
  }

  @Property(tries = 200)
  @Label("BLOCK: with random losses and delays every frame is stored exactly once, none lost")
  void blockLosesNothing(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 40) int chunks,
      @ForAll @DoubleRange(min = 0, max = 0.6) double loss,
      @ForAll @DoubleRange(min = 0, max = 0.6) double ackLoss,
      @ForAll @IntRange(min = 1, max = 300) int maxDelay) {
    Sim sim = new Sim(seed);
    DeliveryWindow<List<String>> w = simulate(Policy.BLOCK, chunks, loss, ackLoss, maxDelay, sim);
    assertThat(sim.stored).hasSize(chunks * FRAMES_PER_CHUNK);
    assertThat(w.acked()).isEqualTo(chunks);
    assertThat(w.dropped()).isZero();
    assertThat(w.sent()).isEqualTo(chunks);
    // a resent chunk may reach the edge again: it is a duplicate there, never a second copy
    long calls = sim.storeCalls.values().stream().mapToLong(Integer::longValue).sum();
    assertThat(calls - sim.duplicatesAtEdge).isEqualTo((long) chunks * FRAMES_PER_CHUNK);
  }

  @Property(tries = 100)
  @Label("DROP_OLDEST: every chunk is either acked once or counted as dropped")
  void dropOldestAccounts(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 40) int chunks,
      @ForAll @DoubleRange(min = 0, max = 0.6) double loss,
      @ForAll @IntRange(min = 1, max = 300) int maxDelay) {
    Sim sim = new Sim(seed);
    DeliveryWindow<List<String>> w =
        simulate(Policy.DROP_OLDEST, chunks, loss, loss, maxDelay, sim);
    assertThat(w.acked() + w.dropped()).isEqualTo(chunks);
    assertThat(sim.stored).hasSize((int) (w.acked() * FRAMES_PER_CHUNK));
  }
}
