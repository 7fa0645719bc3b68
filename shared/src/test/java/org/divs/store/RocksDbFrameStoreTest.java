package org.divs.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.divs.bus.Annotation;
import org.divs.bus.EncodedFrame;
import org.divs.bus.FrameId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("RocksDB frame store")
class RocksDbFrameStoreTest {
  @TempDir Path dir;

  static EncodedFrame frame(long seq, int bytes) {
    byte[] b = new byte[bytes];
    new Random(seq).nextBytes(b);
    return new EncodedFrame(seq, seq * 100, b, List.of(new Annotation("car", 1, 2, 3, 4)));
  }

  static FrameId id(long seq) {
    return new FrameId("cam-1", 3, seq);
  }

  @Test
  @DisplayName("A frame is stored once, read back whole, and a resend is a duplicate")
  void putGetDuplicate() throws IOException {
    try (RocksDbFrameStore s = RocksDbFrameStore.open(dir, 10, false)) {
      EncodedFrame f = frame(1, 50_000);
      assertThat(s.put(id(1), f, false)).isEqualTo(FrameStore.Put.STORED);
      assertThat(s.put(id(1), f, false)).isEqualTo(FrameStore.Put.DUPLICATE);
      assertThat(s.get(id(1))).contains(f);
      assertThat(s.get(id(2))).isEmpty();
      assertThat(s.ledger()).isEqualTo(new Ledger(1, 1, 0, 0, 0));
    }
  }

  @Test
  @DisplayName("Over capacity the oldest arrivals go first; migrations balance the ledger")
  void evictsAndMigrates() throws IOException {
    try (RocksDbFrameStore s = RocksDbFrameStore.open(dir, 3, false)) {
      for (int i = 0; i < 5; i++) {
        s.put(id(i), frame(i, 100), false);
      }
      s.put(new FrameId("other", 1, 0), frame(0, 100), true);
      assertThat(s.ids()).extracting(FrameId::seq).containsExactly(3L, 4L, 0L);
      assertThat(s.removeMigrated(id(3))).isTrue();
      assertThat(s.removeMigrated(id(3))).isFalse();
      assertThat(s.ledger()).isEqualTo(new Ledger(5, 2, 3, 1, 1));
      assertThat(s.ledger().balanced()).isTrue();
      assertThat(s.put(id(0), frame(0, 100), false))
          .as("an evicted frame resent is still a duplicate")
          .isEqualTo(FrameStore.Put.DUPLICATE);
      assertThat(s.get(id(0))).isEmpty();
    }
  }

  @Test
  @DisplayName("Closed and reopened: every frame is there once, ids seen before stay duplicates")
  void reopens() throws IOException {
    try (RocksDbFrameStore s = RocksDbFrameStore.open(dir, 50, true)) {
      for (int i = 0; i < 60; i++) {
        s.put(id(i), frame(i, 2_000), false);
      }
      s.removeMigrated(id(30));
    }
    try (RocksDbFrameStore s = RocksDbFrameStore.open(dir, 50, false)) {
      Ledger l = s.ledger();
      assertThat(l).isEqualTo(new Ledger(60, 49, 10, 1, 0));
      assertThat(l.balanced()).isTrue();
      List<FrameId> ids = s.ids();
      assertThat(ids).hasSize(49).doesNotHaveDuplicates().doesNotContain(id(30));
      assertThat(ids.get(0)).isEqualTo(id(10));
      assertThat(s.get(id(59))).contains(frame(59, 2_000));
      assertThat(s.put(id(5), frame(5, 10), false)).isEqualTo(FrameStore.Put.DUPLICATE);
      assertThat(s.put(id(30), frame(30, 10), false)).isEqualTo(FrameStore.Put.DUPLICATE);
      assertThat(s.put(id(60), frame(60, 10), false)).isEqualTo(FrameStore.Put.STORED);
      assertThat(s.ids().get(0)).as("back at capacity, nothing evicted yet").isEqualTo(id(10));
      assertThat(s.put(id(61), frame(61, 10), false)).isEqualTo(FrameStore.Put.STORED);
      assertThat(s.ids().get(0)).as("the next eviction pops the oldest").isEqualTo(id(11));
    }
    try (RocksDbFrameStore s = RocksDbFrameStore.open(dir, 20, false)) {
      assertThat(s.size()).as("reopened smaller: evicted down to capacity").isEqualTo(20);
      assertThat(s.ledger().balanced()).isTrue();
      assertThat(s.ids().get(0)).isEqualTo(id(42));
    }
  }

  @Test
  @DisplayName("A frame of another incarnation of the same terminal is not a duplicate")
  void incarnations() throws IOException {
    try (RocksDbFrameStore s = RocksDbFrameStore.open(dir, 10, false)) {
      s.put(new FrameId("cam-1", 1, 0), frame(0, 10), false);
      assertThat(s.put(new FrameId("cam-1", 2, 0), frame(0, 10), false))
          .isEqualTo(FrameStore.Put.STORED);
      assertThat(s.seen(new FrameId("cam-1", 1, 0))).isTrue();
      assertThat(s.seen(new FrameId("cam-1", 3, 0))).isFalse();
    }
  }
}
