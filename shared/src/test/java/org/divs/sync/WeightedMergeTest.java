package org.divs.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.divs.testing.Samples;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Weighting and merge")
class WeightedMergeTest {
  private static Contribution leaf(Weighting w, String id, long k, Weights weights) {
    return new Contribution(w.logMass(k), k, List.of(id), weights);
  }

  @Test
  @DisplayName("Paper weights for k = {10, 12} are 0.119 and 0.881")
  void paperWeights() {
    double[] w = Weighting.PAPER.normalised(10, 12);
    assertThat(w[0]).isCloseTo(0.119, within(5e-4));
    assertThat(w[1]).isCloseTo(0.881, within(5e-4));
  }

  @Test
  @DisplayName("Paper weights do not overflow for batch gaps of thousands")
  void paperNoOverflow() {
    double[] w = Weighting.PAPER.normalised(10, 5000, 5001);
    assertThat(w).doesNotContain(Double.NaN);
    assertThat(w[0] + w[1] + w[2]).isCloseTo(1.0, within(1e-12));
    assertThat(w[2] / w[1]).isCloseTo(Math.E, within(1e-9));
  }

  @Test
  @DisplayName("FedAvg weighs by samples and uniform weighs alike")
  void fedavgAndUniform() {
    assertThat(Weighting.FEDAVG.normalised(10, 30))
        .containsExactly(new double[] {0.25, 0.75}, within(1e-12));
    assertThat(Weighting.UNIFORM.normalised(10, 30))
        .containsExactly(new double[] {0.5, 0.5}, within(1e-12));
  }

  @Test
  @DisplayName("A merge of two sets is their weighted mean")
  void mergeIsWeightedMean() {
    Weights a = Weights.of(new float[] {1, 2});
    Weights b = Weights.of(new float[] {3, 6});
    Contribution m =
        WeightedMerge.merge(
            List.of(leaf(Weighting.FEDAVG, "a", 1, a), leaf(Weighting.FEDAVG, "b", 3, b)));
    assertThat(m.weights().toArray()).containsExactly(2.5f, 5.0f);
    assertThat(m.samples()).isEqualTo(4);
    assertThat(m.leaves()).containsExactly("a", "b");
  }

  @ParameterizedTest
  @EnumSource(Weighting.class)
  @DisplayName("A 3-level merge equals the flat merge within 1e-6 x max|w| for each weighting")
  void hierarchicalEqualsFlat(Weighting weighting) {
    int n = 10_000;
    List<Contribution> leaves = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      leaves.add(leaf(weighting, "s" + i, 20 + 3L * i, Samples.weights(i, n)));
    }
    Contribution flat = WeightedMerge.merge(leaves);
    // street -> district (3 x 2 leaves... ) -> county (2 districts each) -> cloud
    List<Contribution> districts = new ArrayList<>();
    for (int d = 0; d < 6; d++) {
      districts.add(WeightedMerge.merge(leaves.subList(2 * d, 2 * d + 2)));
    }
    List<Contribution> counties = new ArrayList<>();
    for (int c = 0; c < 3; c++) {
      counties.add(WeightedMerge.merge(districts.subList(2 * c, 2 * c + 2)));
    }
    Contribution top = WeightedMerge.merge(counties);
    double tolerance = 1e-6 * flat.weights().maxAbs();
    for (int i = 0; i < n; i++) {
      assertThat((double) top.weights().get(i)).isCloseTo(flat.weights().get(i), within(tolerance));
    }
    assertThat(top.logMass()).isCloseTo(flat.logMass(), within(1e-9));
    assertThat(top.leaves()).containsExactlyInAnyOrderElementsOf(flat.leaves());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2047, 2048, 5000})
  @DisplayName("The blocked merge equals a whole-array double accumulation bit for bit")
  void blockedEqualsWholeArray(int n) {
    List<Contribution> parts = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      parts.add(leaf(Weighting.FEDAVG, "s" + i, 10 + 7L * i, Samples.weights(40 + i, n)));
    }
    double[] w = Weighting.FEDAVG.normalised(10, 17, 24, 31, 38);
    double[] acc = new double[n];
    for (int p = 0; p < parts.size(); p++) {
      float[] values = parts.get(p).weights().array();
      for (int i = 0; i < n; i++) {
        acc[i] += w[p] * values[i];
      }
    }
    float[] expected = new float[n];
    for (int i = 0; i < n; i++) {
      expected[i] = (float) acc[i];
    }
    assertThat(WeightedMerge.merge(parts).weights()).isEqualTo(Weights.wrap(expected));
  }
}
