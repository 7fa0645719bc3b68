package org.divs.scene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.DataBufferByte;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SceneRenderer")
class SceneRendererTest {

  private static byte[] pixels(Frame f) {
    return ((DataBufferByte) f.image().getRaster().getDataBuffer()).getData();
  }

  private static List<Frame> frames(long seed, int n) {
    SceneRenderer r = new SceneRenderer(seed, 320, 180).setArrivalRate(0.8);
    List<Frame> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(r.next());
    }
    return out;
  }

  @Test
  @DisplayName("the same seed renders pixel-identical frames with identical annotations")
  void sameSeedSameFrames() {
    List<Frame> a = frames(42, 80);
    List<Frame> b = frames(42, 80);
    for (int i = 0; i < a.size(); i++) {
      assertThat(pixels(a.get(i))).isEqualTo(pixels(b.get(i)));
      assertThat(a.get(i).annotations()).isEqualTo(b.get(i).annotations());
      assertThat(a.get(i).timestampMs()).isEqualTo(b.get(i).timestampMs());
    }
    assertThat(a.stream().mapToInt(f -> f.annotations().size()).sum()).isPositive();
  }

  @Test
  @DisplayName("different seeds render different streets and traffic")
  void differentSeedsDiffer() {
    List<Frame> a = frames(1, 40);
    List<Frame> b = frames(2, 40);
    assertThat(pixels(a.get(0))).isNotEqualTo(pixels(b.get(0)));
    List<List<Annotation>> annA = a.stream().map(Frame::annotations).toList();
    List<List<Annotation>> annB = b.stream().map(Frame::annotations).toList();
    assertThat(annA).isNotEqualTo(annB);
  }

  @Test
  @DisplayName("frames carry consecutive indices and timestamps from the configured fps")
  void indicesAndTimestamps() {
    SceneRenderer r = new SceneRenderer(5, 320, 180).setFps(12.5);
    for (int i = 0; i < 30; i++) {
      Frame f = r.next();
      assertThat(f.index()).isEqualTo(i);
      assertThat(f.timestampMs()).isEqualTo(Math.round(i * 80.0));
      assertThat(f.width()).isEqualTo(320);
      assertThat(f.height()).isEqualTo(180);
    }
    assertThat(r.frameIndex()).isEqualTo(30);
  }

  @Test
  @DisplayName("640x360 frames are rendered at that size with their vehicles inside")
  void largeFrames() {
    SceneRenderer r = new SceneRenderer(8, 640, 360).setArrivalRate(0.8);
    int annotated = 0;
    for (int i = 0; i < 100; i++) {
      Frame f = r.next();
      assertThat(f.image().getWidth()).isEqualTo(640);
      assertThat(f.image().getHeight()).isEqualTo(360);
      for (Annotation a : f.annotations()) {
        assertThat(a.box().inside(640, 360)).isTrue();
        annotated++;
      }
    }
    assertThat(annotated).isGreaterThan(50);
  }

  @Test
  @DisplayName(
      "over a few hundred frames every class appears, boxes lie inside the frame and at most four"
          + " vehicles are in the scene")
  void annotationsInsideAndAllClassesAppear() {
    SceneRenderer r = new SceneRenderer(7, 320, 180).setFps(4).setArrivalRate(0.8);
    Set<VehicleClass> seen = EnumSet.noneOf(VehicleClass.class);
    for (int i = 0; i < 400; i++) {
      Frame f = r.next();
      assertThat(r.vehiclesInScene()).isLessThanOrEqualTo(4);
      assertThat(f.annotations()).hasSizeLessThanOrEqualTo(4);
      for (Annotation a : f.annotations()) {
        assertThat(a.box().inside(320, 180)).as("box %s", a.box()).isTrue();
        assertThat(a.box().w()).isGreaterThan(4);
        assertThat(a.box().h()).isGreaterThan(4);
        assertThat(a.visibility()).isBetween(0.7, 1.0);
        seen.add(a.vehicleClass());
      }
    }
    assertThat(seen).containsExactlyInAnyOrder(VehicleClass.values());
  }

  @Test
  @DisplayName("every class draws its body colour from most entries of the one shared palette")
  void paletteSharedByAllClasses() {
    SceneRenderer r = new SceneRenderer(11, 320, 180).setFps(2).setArrivalRate(0.85);
    Map<VehicleClass, Set<Integer>> used = new EnumMap<>(VehicleClass.class);
    Map<Long, Integer> vehicles = new HashMap<>();
    for (int i = 0; i < 900; i++) {
      for (Annotation a : r.next().annotations()) {
        used.computeIfAbsent(a.vehicleClass(), c -> new HashSet<>()).add(a.paletteIndex());
        Integer before = vehicles.put(a.vehicleId(), a.paletteIndex());
        assertThat(before == null || before == a.paletteIndex())
            .as("a vehicle keeps its colour")
            .isTrue();
      }
    }
    assertThat(used).containsOnlyKeys(VehicleClass.values());
    for (var e : used.entrySet()) {
      assertThat(e.getValue())
          .as("palette entries used by %s", e.getKey())
          .hasSizeGreaterThanOrEqualTo((int) Math.ceil(0.75 * Palette.size()));
    }
  }

  @Test
  @DisplayName("only the configured classes appear")
  void classListIsHonoured() {
    SceneRenderer r =
        new SceneRenderer(3, 320, 180)
            .setFps(4)
            .setArrivalRate(0.8)
            .setClasses(List.of(VehicleClass.CAR, VehicleClass.TRUCK));
    Set<VehicleClass> seen = EnumSet.noneOf(VehicleClass.class);
    for (int i = 0; i < 200; i++) {
      r.next().annotations().forEach(a -> seen.add(a.vehicleClass()));
    }
    assertThat(seen).containsExactlyInAnyOrder(VehicleClass.CAR, VehicleClass.TRUCK);
  }

  @Test
  @DisplayName("class weights skew the mix: a class weighted 4x appears about 4x as often")
  void classWeightsSkewTheMix() {
    Map<VehicleClass, Double> w = new EnumMap<>(VehicleClass.class);
    w.put(VehicleClass.CAR, 4.0);
    w.put(VehicleClass.MINIBUS, 1.0);
    SceneRenderer r = new SceneRenderer(4, 320, 180).setFps(2).setArrivalRate(0.8);
    r.setClassWeights(w);
    Map<VehicleClass, Set<Long>> ids = new EnumMap<>(VehicleClass.class);
    for (int i = 0; i < 600; i++) {
      for (Annotation a : r.next().annotations()) {
        ids.computeIfAbsent(a.vehicleClass(), c -> new HashSet<>()).add(a.vehicleId());
      }
    }
    double ratio = ids.get(VehicleClass.CAR).size() / (double) ids.get(VehicleClass.MINIBUS).size();
    assertThat(ids).containsOnlyKeys(VehicleClass.CAR, VehicleClass.MINIBUS);
    assertThat(ratio).isBetween(2.5, 6.5);
  }

  @Test
  @DisplayName("the number of vehicles entering per window follows a time-varying arrival rate")
  void flowFollowsRate() {
    double fps = 2;
    double window = 600;
    // a 'day' of three windows: quiet, busy (below the road's capacity), medium
    double[] rates = {0.1, 0.6, 0.3};
    SceneRenderer r =
        new SceneRenderer(21, 320, 180)
            .setFps(fps)
            .setArrivalRate(t -> rates[Math.min(2, (int) (t / window))]);
    int[] counts = new int[3];
    long enteredEvents = 0;
    long exitedEvents = 0;
    for (int i = 0; i < 3 * window * fps; i++) {
      Frame f = r.next();
      counts[(int) (i / fps / window)] += f.entered();
      enteredEvents += f.entered();
      exitedEvents += f.exited();
    }
    for (int w = 0; w < 3; w++) {
      // Poisson counts: within four standard deviations of the mean
      double expected = rates[w] * window;
      double slack = 4 * Math.sqrt(expected);
      assertThat((double) counts[w])
          .as("window %d", w)
          .isBetween(expected - slack, expected + slack);
    }
    assertThat(counts[1]).isGreaterThan(counts[2]);
    assertThat(counts[2]).isGreaterThan(counts[0]);
    assertThat(enteredEvents).isEqualTo(r.enteredCount());
    assertThat(exitedEvents).isEqualTo(r.passedCount());
    assertThat(r.passedCount()).isEqualTo(r.enteredCount() - r.vehiclesInScene());
    assertThat(r.droppedCount()).isZero();
  }

  @Test
  @DisplayName("in square and 4:3 frames the longest vehicles still fit and get annotated")
  void narrowFrames() {
    for (int[] size : new int[][] {{240, 240}, {320, 240}}) {
      SceneRenderer r =
          new SceneRenderer(13, size[0], size[1])
              .setFps(4)
              .setArrivalRate(0.8)
              .setClasses(List.of(VehicleClass.JUGGERNAUT));
      int annotated = 0;
      for (int i = 0; i < 200; i++) {
        for (Annotation a : r.next().annotations()) {
          assertThat(a.box().inside(size[0], size[1])).isTrue();
          annotated++;
        }
      }
      assertThat(annotated).as("%dx%d", size[0], size[1]).isGreaterThan(20);
    }
  }

  @Test
  @DisplayName("a zero arrival rate keeps the road empty")
  void zeroRateEmptyRoad() {
    SceneRenderer r = new SceneRenderer(6, 320, 180).setArrivalRate(0);
    for (int i = 0; i < 50; i++) {
      assertThat(r.next().annotations()).isEmpty();
    }
    assertThat(r.enteredCount()).isZero();
  }

  @Test
  @DisplayName("bad settings are refused")
  void badSettings() {
    SceneRenderer r = new SceneRenderer(1, 320, 180);
    assertThatThrownBy(() -> r.setArrivalRate(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> r.setFps(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> r.setClasses(List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> r.setMaxVehicles(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> r.setMinVisibility(1.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SceneRenderer(1, 32, 180))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
