package org.divs.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The migration planner (Algorithm IV.3 with our deviations)")
class MigrationPlannerTest {
  private static final long PLENTY = 1_000_000;

  private static Map<String, Long> ordered(Object... pairs) {
    Map<String, Long> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], ((Number) pairs[i + 1]).longValue());
    }
    return map;
  }

  private static Map<String, Long> all(Map<String, Long> delta, long value) {
    Map<String, Long> map = new LinkedHashMap<>();
    delta.keySet().forEach(e -> map.put(e, value));
    return map;
  }

  private static List<Move> match(long xi, Map<String, Long> delta) {
    return new MigrationPlanner(0, xi).match(delta, all(delta, PLENTY), all(delta, PLENTY));
  }

  @Test
  @DisplayName("delta {-100, +60, +38, +30} with xi 4 moves 60 and 38 and drops the remainder of 2")
  void remainderDropped() {
    List<Move> moves = match(4, ordered("a", -100, "b", 60, "c", 38, "d", 30));
    // The boxed algorithm would add a third move a -> d of 2 frames, below xi.
    assertThat(moves).containsExactly(new Move("a", "b", 60), new Move("a", "c", 38));
  }

  @Test
  @DisplayName("lines 6-10 pair a giver and a taker whose amounts differ by xi or less first")
  void closePairsFirst() {
    List<Move> moves = match(4, ordered("a", -50, "b", 31, "c", -30, "d", 48));
    assertThat(moves).containsExactly(new Move("a", "d", 48), new Move("c", "b", 30));
  }

  @Test
  @DisplayName("then the largest giver serves the largest taker, worked by hand")
  void largestFirst() {
    // Pairs: |70-45|, |70-40|, |20-45|, |20-40| all exceed 3, so none.
    // a(70) -> c(45): 45, a keeps 25; a(25) -> d(40): 25, d keeps 15; b(20) -> d(15): 15, b keeps
    // 5.
    List<Move> moves = match(3, ordered("a", -70, "b", -20, "c", 45, "d", 40));
    assertThat(moves)
        .containsExactly(new Move("a", "c", 45), new Move("a", "d", 25), new Move("b", "d", 15));
  }

  @Test
  @DisplayName("a taker is capped at its free store capacity and a giver at the frames it holds")
  void capacityCaps() {
    Map<String, Long> delta = ordered("a", -50, "b", 48);
    MigrationPlanner planner = new MigrationPlanner(0, 4);
    assertThat(planner.match(delta, ordered("a", 100), ordered("b", 30)))
        .containsExactly(new Move("a", "b", 30));
    assertThat(planner.match(delta, ordered("a", 20), ordered("b", 100)))
        .containsExactly(new Move("a", "b", 20));
    assertThat(planner.match(delta, ordered("a", 100), ordered("b", 4))).isEmpty();
  }

  @Test
  @DisplayName("plans from reports: Eq. 8's deltas, B_now, the moves and B_plan")
  void fromReports() {
    MigrationPlan plan =
        new MigrationPlanner(1000, 5)
            .plan(
                List.of(
                    new EdgeLoad("a", 100, 10, PLENTY),
                    new EdgeLoad("b", 100, 10, PLENTY),
                    new EdgeLoad("c", 400, 10, PLENTY)));
    // T = 1000, 1000, 4000 ms; T_mean 2000; B_now = sqrt((1e6 + 1e6 + 4e6) / 3).
    assertThat(plan.meanMillis()).isEqualTo(2000.0);
    assertThat(plan.balanceNow()).isCloseTo(Math.sqrt(2e6), within(1e-9));
    assertThat(plan.triggered()).isTrue();
    assertThat(plan.delta())
        .containsEntry("a", 100L)
        .containsEntry("b", 100L)
        .containsEntry("c", -200L);
    assertThat(plan.moves()).containsExactly(new Move("c", "a", 100), new Move("c", "b", 100));
    assertThat(plan.balancePlanned()).isZero();
    assertThat(plan.framesMoved()).isEqualTo(200);
  }

  @Test
  @DisplayName("plans nothing while B_now is under theta")
  void belowTheta() {
    List<EdgeLoad> loads =
        List.of(new EdgeLoad("a", 100, 10, PLENTY), new EdgeLoad("b", 300, 10, PLENTY));
    MigrationPlan quiet = new MigrationPlanner(1001, 5).plan(loads);
    assertThat(quiet.balanceNow()).isEqualTo(1000.0);
    assertThat(quiet.triggered()).isFalse();
    assertThat(quiet.moves()).isEmpty();
    assertThat(quiet.balancePlanned()).isEqualTo(quiet.balanceNow());
    assertThat(new MigrationPlanner(1000, 5).plan(loads).moves())
        .containsExactly(new Move("b", "a", 100));
  }

  @Test
  @DisplayName("a fast edge takes more frames than a slow one gives, to even the times")
  void heterogeneousSpeeds() {
    // a: 200 frames at 20 ms = 4000 ms; b: 200 frames at 5 ms = 1000 ms; T_mean 2500 ms.
    // delta_a = floor(-1500 / 20) = -75, delta_b = floor(1500 / 5) = 300: a gives its 75.
    MigrationPlan plan =
        new MigrationPlanner(0, 2)
            .plan(List.of(new EdgeLoad("a", 200, 20, PLENTY), new EdgeLoad("b", 200, 5, PLENTY)));
    assertThat(plan.moves()).containsExactly(new Move("a", "b", 75));
    // After: a 125 x 20 = 2500, b 275 x 5 = 1375.
    assertThat(plan.balancePlanned()).isCloseTo(562.5, within(1e-9));
  }

  @Test
  @DisplayName("refuses bad reports with the edge named")
  void badReports() {
    assertThatThrownBy(() -> new EdgeLoad("street-2", 10, Double.NaN, 0))
        .hasMessageContaining("street-2");
    assertThatThrownBy(() -> new EdgeLoad("street-3", -1, 1, 0)).hasMessageContaining("street-3");
    assertThatThrownBy(
            () ->
                new MigrationPlanner(0, 1)
                    .plan(List.of(new EdgeLoad("x", 1, 1, 0), new EdgeLoad("x", 2, 1, 0))))
        .hasMessageContaining("two reports for edge x");
  }
}
