package org.divs.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.divs.bus.LoadReport;
import org.divs.bus.MigrationOrder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The cloud's migration coordinator")
class MigrationCoordinatorTest {
  private static LoadReport load(String edge, long frames, double frameMillis) {
    return new LoadReport(
        edge, 0, frames, Map.of("cnn", frames), Map.of("cnn", frames * frameMillis), 10_000, 1);
  }

  @Test
  @DisplayName("turns each move into one order with a transfer id unique to period and pair")
  void orders() {
    var coordinator =
        new MigrationCoordinator(new MigrationPlanner(100, 4), Set.of("s1", "s2", "s3"));
    coordinator.report(load("s1", 100, 10));
    coordinator.report(load("s2", 100, 10));
    coordinator.report(load("s3", 400, 10));
    MigrationCoordinator.Outcome first = coordinator.closePeriod();
    assertThat(first.period()).isZero();
    assertThat(first.orders())
        .containsExactly(
            new MigrationOrder("p0-s3-s1", 0, "s3", "s1", 100),
            new MigrationOrder("p0-s3-s2", 0, "s3", "s2", 100));
    assertThat(first.previousBalancePlanned()).isEmpty();

    // The moves happened: the next period measures B_after and reports the plan's prediction.
    coordinator.report(load("s1", 200, 10));
    coordinator.report(load("s2", 200, 10));
    coordinator.report(load("s3", 200, 10));
    MigrationCoordinator.Outcome second = coordinator.closePeriod();
    assertThat(second.period()).isEqualTo(1);
    assertThat(second.plan().balanceNow()).isZero();
    assertThat(second.orders()).isEmpty();
    assertThat(second.previousBalancePlanned()).contains(0.0);
  }

  @Test
  @DisplayName("leaves out edges it cannot time, and edges that left")
  void unmeasuredAndGone() {
    var coordinator = new MigrationCoordinator(new MigrationPlanner(0, 0), Set.of("s1", "s2"));
    coordinator.report(load("s1", 300, 10));
    coordinator.report(new LoadReport("s2", 0, 0, Map.of(), Map.of(), 500, 1));
    assertThat(coordinator.closePeriod().loads()).extracting(EdgeLoad::edge).containsExactly("s1");
    coordinator.report(load("s2", 100, 10));
    coordinator.forget("s1");
    assertThat(coordinator.closePeriod().loads()).extracting(EdgeLoad::edge).containsExactly("s2");
  }

  @Test
  @DisplayName("refuses a report from an id that is not a street edge, naming it")
  void unknownEdge() {
    var coordinator = new MigrationCoordinator(new MigrationPlanner(0, 0), Set.of("s1"));
    assertThatThrownBy(() -> coordinator.report(load("district-1", 1, 1)))
        .hasMessageContaining("district-1");
  }
}
