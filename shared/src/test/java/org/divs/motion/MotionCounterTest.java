package org.divs.motion;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Motion counter")
class MotionCounterTest {
  static final int W = 320;
  static final int H = 180;

  /** A noisy grey frame with bright boxes at the given top-left corners (32x24 each). */
  static byte[] frame(Random rnd, int gain, int[]... boxes) {
    byte[] y = new byte[W * H];
    for (int i = 0; i < y.length; i++) {
      y[i] = (byte) Math.max(0, Math.min(255, 80 + gain + rnd.nextInt(7) - 3));
    }
    for (int[] b : boxes) {
      for (int j = Math.max(0, b[1]); j < Math.min(H, b[1] + 24); j++) {
        for (int i = Math.max(0, b[0]); i < Math.min(W, b[0] + 32); i++) {
          y[j * W + i] = (byte) 220;
        }
      }
    }
    return y;
  }

  static MotionCounter counter(int lineY) {
    return new MotionCounter(MotionSettings.defaults(CountingLine.horizontal(lineY)), W, H);
  }

  @Test
  @DisplayName("A box moving down across the line counts once, downwards, with its blob reported")
  void downOnce() {
    MotionCounter c = counter(90);
    Random rnd = new Random(1);
    List<Crossing> all = new ArrayList<>();
    int boxFrames = 0;
    for (int t = 0; t < 60; t++) {
      MotionResult r =
          t < 10
              ? c.update(frame(rnd, 0), W, false, t * 100L)
              : c.update(frame(rnd, 0, new int[] {100, -24 + (t - 10) * 5}), W, false, t * 100L);
      all.addAll(r.crossings());
      if (!r.moving().isEmpty()) {
        boxFrames++;
        Blob b = r.moving().get(0);
        assertThat(b.width()).isBetween(24, 48);
      }
    }
    assertThat(all).hasSize(1);
    assertThat(all.get(0).direction()).isEqualTo(Direction.DOWN);
    assertThat(all.get(0).blob().cy()).isBetween(90.0, 110.0);
    assertThat(c.count(Direction.DOWN)).isEqualTo(1);
    assertThat(boxFrames).isGreaterThan(20);
  }

  @Test
  @DisplayName("Two boxes in opposite lanes cross at the same time: one up, one down")
  void twoWays() {
    MotionCounter c = counter(90);
    Random rnd = new Random(2);
    for (int t = 0; t < 50; t++) {
      int[] down = {60, -24 + t * 5};
      int[] up = {220, H - t * 5};
      c.update(frame(rnd, 0, down, up), W, false, t * 100L);
    }
    assertThat(c.count(Direction.DOWN)).isEqualTo(1);
    assertThat(c.count(Direction.UP)).isEqualTo(1);
  }

  @Test
  @DisplayName("A box jittering on the line and a global brightness change count nothing")
  void noFalseCounts() {
    MotionCounter c = counter(90);
    Random rnd = new Random(3);
    for (int t = 0; t < 80; t++) {
      int gain = t > 40 ? -30 : 0;
      int[] jitter = {150, 78 + (t % 2 == 0 ? -6 : 6)};
      MotionResult r = c.update(frame(rnd, gain, jitter), W, false, t * 100L);
      if (t == 41) {
        assertThat(r.moving()).as("only the jittering box moves").hasSizeLessThanOrEqualTo(1);
      }
    }
    assertThat(c.total()).isZero();
  }

  @Test
  @DisplayName("The tracker counts annotation boxes crossing a vertical line, left and right")
  void trackerOnBoxes() {
    CentroidTracker tr = new CentroidTracker(CountingLine.vertical(100), 40, 2, 2, 10);
    List<Crossing> all = new ArrayList<>();
    for (int t = 0; t < 30; t++) {
      List<Blob> boxes = new ArrayList<>();
      boxes.add(Blob.ofBox(10 + t * 8, 50, 20, 10)); // rightwards
      if (t != 12 && t != 13) { // hidden for two frames near the line
        boxes.add(Blob.ofBox(230 - t * 8, 80, 20, 10)); // leftwards
      }
      all.addAll(tr.update(boxes, t, new ArrayList<>()));
    }
    assertThat(all)
        .extracting(Crossing::direction)
        .containsExactlyInAnyOrder(Direction.RIGHT, Direction.LEFT);
    assertThat(tr.recentCrossings()).hasSize(2);
  }
}
