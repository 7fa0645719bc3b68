package org.divs.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

@Label("The migration planner, over seeded random reports")
class MigrationPlannerPropertyTest {

  private static List<EdgeLoad> loads(long seed, int edges) {
    Random random = new Random(seed);
    List<EdgeLoad> loads = new ArrayList<>();
    for (int j = 0; j < edges; j++) {
      loads.add(
          new EdgeLoad(
              "street-" + j,
              random.nextInt(5000),
              0.1 + random.nextDouble() * 50,
              random.nextInt(4) == 0 ? 0 : random.nextInt(5000)));
    }
    return loads;
  }

  @Property(tries = 500)
  @Label("moves conserve frames, respect holdings and capacities, exceed xi, and never cross")
  void invariants(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 30) int edges,
      @ForAll @LongRange(min = 0, max = 60) long xi,
      @ForAll @IntRange(min = 0, max = 40_000) int theta) {
    List<EdgeLoad> loads = loads(seed, edges);
    MigrationPlan plan = new MigrationPlanner(theta, xi).plan(loads);

    if (plan.balanceNow() < theta) {
      assertThat(plan.triggered()).isFalse();
    }
    if (!plan.triggered()) {
      assertThat(plan.moves()).isEmpty();
    }
    Map<String, Long> gave = new HashMap<>();
    Map<String, Long> took = new HashMap<>();
    for (Move m : plan.moves()) {
      assertThat(m.frames()).as("move %s above xi", m).isGreaterThan(xi);
      gave.merge(m.from(), m.frames(), Long::sum);
      took.merge(m.to(), m.frames(), Long::sum);
    }
    assertThat(gave.keySet()).as("no edge both gives and takes").noneMatch(took::containsKey);
    long created = plan.netChange().values().stream().mapToLong(Long::longValue).sum();
    assertThat(created).as("frames created or destroyed").isZero();
    for (EdgeLoad load : loads) {
      long out = gave.getOrDefault(load.edge(), 0L);
      long in = took.getOrDefault(load.edge(), 0L);
      assertThat(out)
          .as("%s gives no more than it holds", load.edge())
          .isLessThanOrEqualTo(load.frames());
      assertThat(in)
          .as("%s takes no more than its free capacity", load.edge())
          .isLessThanOrEqualTo(load.freeCapacity());
      if (plan.triggered()) {
        long delta = plan.delta().get(load.edge());
        assertThat(out)
            .as("%s gives no more than -delta", load.edge())
            .isLessThanOrEqualTo(Math.max(0, -delta));
        assertThat(in)
            .as("%s takes no more than delta", load.edge())
            .isLessThanOrEqualTo(Math.max(0, delta));
      }
    }
  }
}
