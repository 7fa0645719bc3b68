package org.divs.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.divs.source.ImagesSource;
import org.divs.testing.SharedData;
import org.divs.train.CropStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The real vehicle crops' split and placement")
class VehicleDataTest {

  @Test
  @DisplayName("The 80/20 split is stratified, disjoint and the same for the same seed")
  void stratifiedSplit() throws Exception {
    Path dir = SharedData.file("vehicles");
    VehicleData.Split a = VehicleData.split(dir, 7);
    VehicleData.Split b = VehicleData.split(dir, 7);
    VehicleData.Split c = VehicleData.split(dir, 8);

    assertThat(a.train()).hasSize(1200);
    assertThat(a.test()).hasSize(300);
    Map<String, Long> perClass =
        a.test().stream()
            .collect(Collectors.groupingBy(ImagesSource.Item::label, Collectors.counting()));
    assertThat(perClass).hasSize(6).allSatisfy((label, n) -> assertThat(n).isEqualTo(50));
    Set<Path> train = new HashSet<>(a.train().stream().map(ImagesSource.Item::path).toList());
    assertThat(a.test()).noneMatch(it -> train.contains(it.path()));
    assertThat(b.test()).isEqualTo(a.test());
    assertThat(c.test()).isNotEqualTo(a.test());
  }

  @Test
  @DisplayName("Each of the 4 edges holds 3 classes for 90% of its crops, and every crop once")
  void nonIidPlacement() {
    int classes = 6;
    int perClass = 200;
    int[] y = new int[classes * perClass];
    for (int i = 0; i < y.length; i++) {
      y[i] = i % classes;
    }
    float[] x = new float[y.length * 3 * 64 * 64];
    List<CropStore> edges = VehicleData.nonIid(new VehicleData.Loaded(x, y), classes, 7);

    assertThat(edges).hasSize(4);
    assertThat(edges.stream().mapToInt(CropStore::size).sum()).isEqualTo(y.length);
    float[] scratch = new float[3 * 64 * 64];
    for (CropStore e : edges) {
      int[] n = new int[classes];
      CropStore.Snapshot held = e.snapshot();
      for (int i = 0; i < held.size(); i++) {
        n[held.copy(i, scratch, 0)]++;
      }
      int[] sorted = java.util.Arrays.stream(n).sorted().toArray();
      int top3 = sorted[3] + sorted[4] + sorted[5];
      assertThat(top3).isEqualTo(3 * 90);
      assertThat(e.size()).isEqualTo(300);
    }
  }
}
