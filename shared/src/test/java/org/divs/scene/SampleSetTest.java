package org.divs.scene;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SampleSet")
class SampleSetTest {

  private static final List<VehicleClass> ALL = List.of(VehicleClass.values());

  @Test
  @DisplayName("renders a balanced, labelled set of 64x64 crops, the same for the same seed")
  void balancedAndDeterministic() {
    LabelledCrops a = SampleSet.render(5, 12, ALL, 320, 180);
    LabelledCrops b = SampleSet.render(5, 12, ALL, 320, 180);
    LabelledCrops c = SampleSet.render(6, 12, ALL, 320, 180);
    assertThat(a.size()).isEqualTo(72);
    assertThat(a.cropSize()).isEqualTo(Crops.SIZE);
    assertThat(a.classes()).isEqualTo(ALL);
    int[] perClass = new int[ALL.size()];
    for (int l : a.labels()) {
      perClass[l]++;
    }
    assertThat(perClass).containsOnly(12);
    assertThat(a.features()).isEqualTo(b.features());
    assertThat(a.labels()).isEqualTo(b.labels());
    assertThat(a.features()).isNotEqualTo(c.features());
    for (float v : a.features()) {
      assertThat(v).isBetween(0f, 1f);
    }
    assertThat(a.vehicleClass(1)).isEqualTo(ALL.get(a.label(1)));
    assertThat(a.image(0).getWidth()).isEqualTo(64);
  }

  @Test
  @DisplayName("a subset of classes is labelled by its index in the given list")
  void subsetOfClasses() {
    List<VehicleClass> two = List.of(VehicleClass.TRUCK, VehicleClass.BIKE);
    LabelledCrops s = SampleSet.render(8, 5, two, 640, 360);
    assertThat(s.size()).isEqualTo(10);
    for (int i = 0; i < s.size(); i++) {
      assertThat(s.vehicleClass(i)).isEqualTo(two.get(i % 2));
    }
  }

  /** Mean R, G, B of every crop. */
  private static double[][] meanColours(LabelledCrops s) {
    int plane = s.cropSize() * s.cropSize();
    double[][] m = new double[s.size()][3];
    float[] crop = new float[s.cropLength()];
    for (int i = 0; i < s.size(); i++) {
      s.copyCrop(i, crop, 0);
      for (int c = 0; c < 3; c++) {
        double sum = 0;
        for (int k = 0; k < plane; k++) {
          sum += crop[c * plane + k];
        }
        m[i][c] = sum / plane;
      }
    }
    return m;
  }

  @Test
  @DisplayName(
      "the classes are not separable by colour: nearest-centroid on mean crop colour scores at most"
          + " chance + 15 points on a balanced held-out set")
  void notSolvableByColour() {
    int perClass = 100;
    LabelledCrops train = SampleSet.render(1001, perClass, ALL, 320, 180);
    LabelledCrops heldOut = SampleSet.render(2002, perClass, ALL, 320, 180);
    double[][] centroid = new double[ALL.size()][3];
    int[] count = new int[ALL.size()];
    double[][] trainMeans = meanColours(train);
    for (int i = 0; i < train.size(); i++) {
      count[train.label(i)]++;
      for (int c = 0; c < 3; c++) {
        centroid[train.label(i)][c] += trainMeans[i][c];
      }
    }
    for (int k = 0; k < centroid.length; k++) {
      for (int c = 0; c < 3; c++) {
        centroid[k][c] /= count[k];
      }
    }
    double[][] testMeans = meanColours(heldOut);
    int correct = 0;
    for (int i = 0; i < heldOut.size(); i++) {
      int best = -1;
      double bestDist = Double.MAX_VALUE;
      for (int k = 0; k < centroid.length; k++) {
        double d = 0;
        for (int c = 0; c < 3; c++) {
          double e = testMeans[i][c] - centroid[k][c];
          d += e * e;
        }
        if (d < bestDist) {
          bestDist = d;
          best = k;
        }
      }
      if (best == heldOut.label(i)) {
        correct++;
      }
    }
    assertThat(heldOut.size()).isEqualTo(perClass * ALL.size());
    double accuracy = correct / (double) heldOut.size();
    assertThat(accuracy).isLessThanOrEqualTo(1.0 / ALL.size() + 0.15);
  }
}
