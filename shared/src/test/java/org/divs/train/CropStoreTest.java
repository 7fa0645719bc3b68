package org.divs.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.IntStream;
import org.divs.bus.FrameId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The edge's training crops")
class CropStoreTest {
  private static final FrameId A = new FrameId("cam-1", 1, 0);
  private static final FrameId B = new FrameId("cam-1", 1, 1);
  private static final FrameId C = new FrameId("cam-2", 1, 0);

  private static float[] crop(float v) {
    return new float[] {v, v, v};
  }

  private static int label(CropStore.Snapshot s, int i, float[] into) {
    return s.copy(i, into, 0);
  }

  @Test
  @DisplayName("removes every crop of the frames that migrated away, and only those")
  void removesByFrame() {
    CropStore store = new CropStore(10, 3);
    store.add(A, crop(0.1f), 0);
    store.add(B, crop(0.2f), 1);
    store.add(B, crop(0.3f), 2);
    store.add(C, crop(0.4f), 3);
    assertThat(store.removeFrames(List.of(B, new FrameId("cam-9", 1, 0)))).isEqualTo(2);
    assertThat(store.size()).isEqualTo(2);
    CropStore.Snapshot s = store.snapshot();
    float[] x = new float[3];
    assertThat(label(s, 0, x)).isZero();
    assertThat(x[0]).isCloseTo(26 / 255f, within(1e-6f));
    assertThat(label(s, 1, x)).isEqualTo(3);
    assertThat(store.removeFrames(List.of(B))).isZero();
  }

  @Test
  @DisplayName("drops the oldest crop when full, and a snapshot keeps what it saw")
  void boundedAndSnapshots() {
    CropStore store = new CropStore(2, 3);
    store.add(A, crop(0), 0);
    CropStore.Snapshot before = store.snapshot();
    store.add(B, crop(0), 1);
    store.add(C, crop(0), 2);
    assertThat(store.size()).isEqualTo(2);
    assertThat(store.dropped()).isEqualTo(1);
    store.removeFrames(List.of(B, C));
    assertThat(store.size()).isZero();
    assertThat(before.size()).isEqualTo(1);
    assertThat(label(before, 0, new float[3])).isZero();
    assertThatThrownBy(() -> store.add(A, new float[2], 0)).hasMessageContaining("expected 3");
  }

  @Test
  @DisplayName("a round plan starts a new shuffle when fewer samples are held than it covers")
  void planFollowsShrinkingSamples() {
    RoundPlan plan = new RoundPlan(2, 5);
    int[] first = plan.next(100);
    assertThat(first).hasSize(50);
    int[] after = plan.next(40); // frames (and their crops) migrated away meanwhile
    assertThat(after).hasSize(20);
    assertThat(IntStream.of(after)).allMatch(i -> i >= 0 && i < 40);
  }
}
