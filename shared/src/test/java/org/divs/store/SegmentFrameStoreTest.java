package org.divs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.divs.bus.EncodedFrame;
import org.divs.bus.FrameId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Segment-file frame store")
class SegmentFrameStoreTest {
  @TempDir Path dir;

  private static EncodedFrame frame(long seq) {
    return RocksDbFrameStoreTest.frame(seq, 1000);
  }

  private static FrameId id(long seq) {
    return RocksDbFrameStoreTest.id(seq);
  }

  private List<Path> segments() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith("seg-")).sorted().toList();
    }
  }

  @Test
  @DisplayName(
      "a frame is stored once, read back whole, and after a reopen a resend is a duplicate")
  void putGetReopen() throws IOException {
    try (SegmentFrameStore s = SegmentFrameStore.open(dir, 10, false)) {
      assertThat(s.put(id(1), frame(1), false)).isEqualTo(FrameStore.Put.STORED);
      assertThat(s.put(id(1), frame(1), false)).isEqualTo(FrameStore.Put.DUPLICATE);
      assertThat(s.get(id(1))).contains(frame(1));
      assertThat(s.get(id(2))).isEmpty();
    }
    try (SegmentFrameStore s = SegmentFrameStore.open(dir, 10, false)) {
      assertThat(s.get(id(1))).contains(frame(1));
      assertThat(s.put(id(1), frame(1), false)).isEqualTo(FrameStore.Put.DUPLICATE);
      assertThat(s.ledger()).isEqualTo(new Ledger(1, 1, 0, 0, 0));
    }
  }

  @Test
  @DisplayName(
      "over capacity the oldest go first; dead segments are deleted and the ledger, the held"
          + " frames and the ids ever taken survive a reopen")
  void evictionAndSegments() throws IOException {
    try (SegmentFrameStore s = SegmentFrameStore.open(dir, 20, false, 8_000)) {
      for (int i = 0; i < 100; i++) {
        s.put(id(i), frame(i), false);
      }
      s.put(new FrameId("other", 1, 0), frame(0), true);
      assertThat(s.removeMigrated(id(95))).isTrue();
      assertThat(s.removeMigrated(id(95))).isFalse();
      assertThat(s.ledger()).isEqualTo(new Ledger(100, 19, 81, 1, 1));
      assertThat(s.segmentCount()).isLessThan(6);
    }
    assertThat(segments().size()).isLessThan(6);
    assertThat(dir.resolve("base.state")).exists();
    try (SegmentFrameStore s = SegmentFrameStore.open(dir, 20, false, 8_000)) {
      assertThat(s.ledger()).isEqualTo(new Ledger(100, 19, 81, 1, 1));
      assertThat(s.ledger().balanced()).isTrue();
      assertThat(s.ids()).hasSize(19).doesNotContain(id(95)).contains(id(99));
      assertThat(s.get(id(99))).contains(frame(99));
      assertThat(s.put(id(3), frame(3), false))
          .as("an id evicted long ago, its segment deleted")
          .isEqualTo(FrameStore.Put.DUPLICATE);
    }
    try (SegmentFrameStore s = SegmentFrameStore.open(dir, 5, false, 8_000)) {
      assertThat(s.ledger())
          .as("a smaller capacity evicts at open")
          .isEqualTo(new Ledger(100, 5, 95, 1, 1));
    }
  }

  @Test
  @DisplayName("a torn last record (a kill during a write, never acked) is cut off at open")
  void tornTail() throws IOException {
    try (SegmentFrameStore s = SegmentFrameStore.open(dir, 10, false)) {
      s.put(id(0), frame(0), false);
      s.put(id(1), frame(1), false);
    }
    Path seg = segments().get(0);
    long size = Files.size(seg);
    try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
      ch.truncate(size - 100);
    }
    try (SegmentFrameStore s = SegmentFrameStore.open(dir, 10, false)) {
      assertThat(s.ids()).containsExactly(id(0));
      assertThat(s.ledger()).isEqualTo(new Ledger(1, 1, 0, 0, 0));
      assertThat(s.put(id(1), frame(1), false)).isEqualTo(FrameStore.Put.STORED);
    }
    try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3}), ch.size());
    }
    try (SegmentFrameStore s = SegmentFrameStore.open(dir, 10, false)) {
      assertThat(s.ids()).containsExactly(id(0), id(1));
    }
  }

  @Test
  @DisplayName(
      "a corrupt record before the last segment is an error naming the store; a second store on the same directory is refused")
  void corruptAndLocked() throws IOException {
    try (SegmentFrameStore s = SegmentFrameStore.open(dir, 100, false, 3_000)) {
      for (int i = 0; i < 10; i++) {
        s.put(id(i), frame(i), false);
      }
      assertThatThrownBy(() -> SegmentFrameStore.open(dir, 100, false))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("in use");
    }
    Path first = segments().get(0);
    try (FileChannel ch = FileChannel.open(first, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {9, 9, 9, 9}), 20);
    }
    assertThatThrownBy(() -> SegmentFrameStore.open(dir, 100, false))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("checksum");
  }
}
