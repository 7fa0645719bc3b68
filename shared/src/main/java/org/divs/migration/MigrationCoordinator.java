package org.divs.migration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.divs.bus.LoadReport;
import org.divs.bus.MigrationOrder;

/**
 * The cloud's side of dynamic data migration, without the bus: it keeps the latest load report of
 * each street edge, and at the end of each period plans with {@link MigrationPlanner} and turns the
 * moves into orders. The balance a period measures is the B_after of the previous period's plan.
 */
public final class MigrationCoordinator {
  private final MigrationPlanner planner;
  private final Set<String> streets;
  private final Map<String, LoadReport> latest = new LinkedHashMap<>();
  private MigrationPlan previous;
  private long period;

  /** What one period closed with. */
  public record Outcome(
      long period,
      List<EdgeLoad> loads,
      MigrationPlan plan,
      List<MigrationOrder> orders,
      Optional<Double> previousBalancePlanned) {}

  /**
   * @param planner the plan maker
   * @param streets the street edges of the topology; reports from any other id are refused
   */
  public MigrationCoordinator(MigrationPlanner planner, Set<String> streets) {
    this.planner = planner;
    this.streets = Set.copyOf(streets);
  }

  /**
   * Keeps {@code report} as its edge's latest.
   *
   * @throws IllegalArgumentException naming the edge when it is not a street edge of the topology
   */
  public synchronized void report(LoadReport report) {
    if (!streets.contains(report.edge())) {
      throw new IllegalArgumentException(
          "load report from " + report.edge() + ", which is not a street edge of the topology");
    }
    latest.put(report.edge(), report);
  }

  /** Forgets an edge's load (it left the cluster): it neither gives nor takes until it reports. */
  public synchronized void forget(String edge) {
    latest.remove(edge);
  }

  /**
   * Closes the current period: plans over the measured reports (an edge that has not trained yet or
   * holds nothing cannot be timed and is left out) and returns the orders, one per move.
   */
  public synchronized Outcome closePeriod() {
    long closing = period++;
    List<EdgeLoad> loads = new ArrayList<>();
    for (LoadReport r : latest.values()) {
      if (r.measured()) {
        loads.add(new EdgeLoad(r.edge(), r.frames(), r.frameMillis(), r.freeCapacity()));
      }
    }
    MigrationPlan plan = planner.plan(loads);
    List<MigrationOrder> orders = new ArrayList<>();
    for (Move m : plan.moves()) {
      orders.add(
          new MigrationOrder(
              "p" + closing + "-" + m.from() + "-" + m.to(),
              closing,
              m.from(),
              m.to(),
              m.frames()));
    }
    Optional<Double> before =
        previous == null || previous.moves().isEmpty()
            ? Optional.empty()
            : Optional.of(previous.balancePlanned());
    previous = plan;
    return new Outcome(closing, loads, plan, orders, before);
  }
}
