package org.divs.migration;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of one migration assessment.
 *
 * @param meanMillis T_mean, the mean epoch time over the edges
 * @param balanceNow B_now over the measured epoch times
 * @param triggered whether B_now reached theta, so moves were planned
 * @param delta delta_n_j per edge (Eq. 8); empty when not triggered
 * @param moves the transfers, in the order planned
 * @param balancePlanned B_plan, the balance predicted once the moves are done (B_now if none)
 */
public record MigrationPlan(
    double meanMillis,
    double balanceNow,
    boolean triggered,
    Map<String, Long> delta,
    List<Move> moves,
    double balancePlanned) {
  /** Defensive copies. */
  public MigrationPlan {
    delta = Map.copyOf(delta);
    moves = List.copyOf(moves);
  }

  /** Net frames per edge after the moves: positive for takers, negative for givers. */
  public Map<String, Long> netChange() {
    return net(moves);
  }

  /** Net frames per edge after {@code moves}: positive for takers, negative for givers. */
  public static Map<String, Long> net(List<Move> moves) {
    Map<String, Long> net = new TreeMap<>();
    for (Move m : moves) {
      net.merge(m.from(), -m.frames(), Long::sum);
      net.merge(m.to(), m.frames(), Long::sum);
    }
    return net;
  }

  /** Frames the plan moves in total. */
  public long framesMoved() {
    return moves.stream().mapToLong(Move::frames).sum();
  }
}
