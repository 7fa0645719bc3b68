package org.divs.migration;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Algorithm IV.3 of the paper with the deviations of PAPER.md: it triggers on B_now (the balance of
 * the measured epoch times), uses |n_out| where the boxed line 9 takes a negative minimum, drops a
 * remainder of xi frames or less from its list so every move exceeds xi, and caps a taker at its
 * free store capacity.
 *
 * <p>Lists are ordered by amount (largest first) and then by edge id, so a plan is a function of
 * its input.
 */
public final class MigrationPlanner {
  private final double theta;
  private final long xi;

  /**
   * @param theta the balance threshold, in milliseconds: nothing is planned while B_now is below
   * @param xi the matching offset, in frames: no move carries xi frames or fewer
   */
  public MigrationPlanner(double theta, long xi) {
    if (!(theta >= 0) || Double.isInfinite(theta)) {
      throw new IllegalArgumentException("theta must be finite and at least 0, got " + theta);
    }
    if (xi < 0) {
      throw new IllegalArgumentException("xi must be at least 0, got " + xi);
    }
    this.theta = theta;
    this.xi = xi;
  }

  /** A mutable list entry: an edge and the frames it still gives or takes (always positive). */
  private static final class Open {
    final String edge;
    long amount;

    Open(String edge, long amount) {
      this.edge = edge;
      this.amount = amount;
    }
  }

  private static final Comparator<Open> LARGEST_FIRST =
      Comparator.<Open>comparingLong(o -> -o.amount).thenComparing(o -> o.edge);

  /** Plans the moves for one period's reports, one per edge (ids distinct). */
  public MigrationPlan plan(List<EdgeLoad> loads) {
    Map<String, EdgeLoad> byEdge = new LinkedHashMap<>();
    for (EdgeLoad load : loads) {
      if (byEdge.put(load.edge(), load) != null) {
        throw new IllegalArgumentException("two reports for edge " + load.edge());
      }
    }
    List<Double> times = loads.stream().map(EdgeLoad::epochMillis).toList();
    double mean = Balance.mean(times);
    double now = Balance.of(times);
    if (loads.size() < 2 || now < theta) {
      return new MigrationPlan(mean, now, false, Map.of(), List.of(), now);
    }
    Map<String, Long> delta = new LinkedHashMap<>();
    Map<String, Long> held = new LinkedHashMap<>();
    Map<String, Long> free = new LinkedHashMap<>();
    for (EdgeLoad load : loads) {
      delta.put(load.edge(), (long) Math.floor((mean - load.epochMillis()) / load.frameMillis()));
      held.put(load.edge(), load.frames());
      free.put(load.edge(), load.freeCapacity());
    }
    List<Move> moves = match(delta, held, free);
    return new MigrationPlan(mean, now, true, delta, moves, predicted(byEdge, moves));
  }

  /**
   * Lines 4-18: matches givers (delta below -xi) with takers (delta above xi) for the given
   * delta_n_j. A giver gives at most the frames it holds, a taker takes at most its free capacity;
   * edges missing from {@code held} or {@code free} have none.
   */
  public List<Move> match(Map<String, Long> delta, Map<String, Long> held, Map<String, Long> free) {
    List<Open> out = new ArrayList<>();
    List<Open> in = new ArrayList<>();
    delta.forEach(
        (edge, d) -> {
          long amount =
              d < 0
                  ? Math.min(-d, held.getOrDefault(edge, 0L))
                  : Math.min(d, free.getOrDefault(edge, 0L));
          if (amount > xi) {
            (d < 0 ? out : in).add(new Open(edge, amount));
          }
        });
    out.sort(LARGEST_FIRST);
    in.sort(LARGEST_FIRST);
    List<Move> moves = new ArrayList<>();
    matchPairs(out, in, moves);
    matchLargest(out, in, moves);
    return moves;
  }

  /** Lines 6-10: a giver and a taker whose amounts differ by xi or less move min of the two. */
  private void matchPairs(List<Open> out, List<Open> in, List<Move> moves) {
    for (var givers = out.iterator(); givers.hasNext(); ) {
      Open giver = givers.next();
      for (var takers = in.iterator(); takers.hasNext(); ) {
        Open taker = takers.next();
        if (Math.abs(giver.amount - taker.amount) <= xi) {
          moves.add(new Move(giver.edge, taker.edge, Math.min(giver.amount, taker.amount)));
          givers.remove();
          takers.remove();
          break;
        }
      }
    }
  }

  /** Lines 11-18: the largest giver serves the largest taker until one list is empty. */
  private void matchLargest(List<Open> out, List<Open> in, List<Move> moves) {
    while (!out.isEmpty() && !in.isEmpty()) {
      Open giver = out.stream().min(LARGEST_FIRST).orElseThrow();
      Open taker = in.stream().min(LARGEST_FIRST).orElseThrow();
      long amount = Math.min(giver.amount, taker.amount);
      moves.add(new Move(giver.edge, taker.edge, amount));
      giver.amount -= amount;
      taker.amount -= amount;
      if (giver.amount <= xi) {
        out.remove(giver);
      }
      if (taker.amount <= xi) {
        in.remove(taker);
      }
    }
  }

  /** B over T'_j = t_j * (n_j + net_j). */
  private static double predicted(Map<String, EdgeLoad> byEdge, List<Move> moves) {
    Map<String, Long> net = MigrationPlan.net(moves);
    List<Double> after = new ArrayList<>();
    for (EdgeLoad load : byEdge.values()) {
      after.add(load.frameMillis() * (load.frames() + net.getOrDefault(load.edge(), 0L)));
    }
    return Balance.of(after);
  }
}
