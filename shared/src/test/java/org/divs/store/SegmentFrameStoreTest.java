package org.divs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
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
    return files("seg-");
  }

  private List<Path> files(String prefix) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
    }
  }

  private static List<FrameId> ids(int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> id(i)).toList();
  }

  /** Puts the frames {@code from} to {@code to} (exclusive), one at a time, as acked. */
  private static void putRange(FrameStore s, int from, int to) {
    for (int i = from; i < to; i++) {
      s.put(id(i), frame(i), false);
    }
  }

  /**
   * Rewrites every record of {@code segment} in the first format: marker "DIVS" and a CRC32C of the
   * body alone.
   */
  private static void toFirstFormat(Path segment) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(segment));
    int pos = 0;
    while (pos + 12 <= b.limit()) {
      int length = b.getInt(pos + 4);
      CRC32C crc = new CRC32C();
      crc.update(b.array(), pos + 12, length);
      b.putInt(pos, 0x44495653).putInt(pos + 8, (int) crc.getValue());
      pos += 12 + length;
    }
    assertThat(pos).isEqualTo(b.limit());
    Files.write(segment, b.array());
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
      putRange(s, 0, 100);
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
  @DisplayName(
      "dead segments leave the directory on the flush thread; a kill before it ran (the directory"
          + " copied while it waits) reopens with the same ledger, frames and ids ever taken")
  void deadSegmentsInBackground(@TempDir Path killed) throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (SegmentFrameStore s = SegmentFrameStore.open(dir, 20, false, 8_000)) {
      putRange(s, 0, 30);
      s.awaitBackground();
      List<Path> before = segments();
      s.flusher().execute(() -> awaitQuietly(release)); // the flush thread stops here
      putRange(s, 30, 100);
      assertThat(s.segmentCount()).as("the index drops dead segments at once").isLessThan(6);
      assertThat(segments())
          .as("their files wait for the flush thread")
          .hasSizeGreaterThan(s.segmentCount())
          .containsAll(before);
      Ledger atKill = s.ledger();
      try (Stream<Path> files = Files.list(dir)) {
        for (Path p : files.toList()) {
          Files.copy(p, killed.resolve(p.getFileName()));
        }
      }
      release.countDown();
      s.awaitBackground();
      assertThat(segments()).hasSize(s.segmentCount());
      try (SegmentFrameStore k = SegmentFrameStore.open(killed, 20, false, 8_000)) {
        assertThat(k.ledger()).isEqualTo(atKill).isEqualTo(new Ledger(100, 20, 80, 0, 0));
        assertThat(k.ids()).containsExactlyElementsOf(ids(80, 100));
        assertThat(k.get(id(99))).contains(frame(99));
        assertThat(k.put(id(5), frame(5), false)).isEqualTo(FrameStore.Put.DUPLICATE);
      }
    } finally {
      release.countDown();
    }
    try (SegmentFrameStore s = SegmentFrameStore.open(dir, 20, false, 8_000)) {
      assertThat(s.ledger()).isEqualTo(new Ledger(100, 20, 80, 0, 0));
      assertThat(s.put(id(5), frame(5), false)).isEqualTo(FrameStore.Put.DUPLICATE);
    }
  }

  @Test
  @DisplayName(
      "close from an interrupted thread waits for the flush thread before it lets the directory go,"
          + " forces the segments, and leaves the interrupt set")
  void interruptedClose() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    SegmentFrameStore s = SegmentFrameStore.open(dir, 20, false, 8_000);
    Ledger before;
    AtomicBoolean interruptKept = new AtomicBoolean();
    Thread closer =
        new Thread(
            () -> {
              Thread.currentThread().interrupt();
              s.close();
              interruptKept.set(Thread.currentThread().isInterrupted());
            });
    try {
      putRange(s, 0, 30);
      s.flusher().execute(() -> awaitQuietly(release));
      putRange(s, 30, 100); // dead segments queue behind the held flush thread
      before = s.ledger();
      closer.start();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> closer.getState() == Thread.State.TIMED_WAITING);
      assertThatThrownBy(() -> SegmentFrameStore.open(dir, 20, false, 8_000))
          .as("the directory stays locked while the flush thread works in it")
          .hasMessageContaining("in use");
    } finally {
      release.countDown();
    }
    closer.join(10_000);
    assertThat(closer.isAlive()).isFalse();
    assertThat(interruptKept).isTrue();
    try (SegmentFrameStore r = SegmentFrameStore.open(dir, 20, false, 8_000)) {
      assertThat(r.ledger()).isEqualTo(before).isEqualTo(new Ledger(100, 20, 80, 0, 0));
      assertThat(r.put(id(50), frame(50), false)).isEqualTo(FrameStore.Put.DUPLICATE);
      assertThat(segments()).hasSize(r.segmentCount());
    }
  }

  @Test
  @DisplayName(
      "when the state cannot be written, dead segments' files stay, and the next dead segment"
          + " drops them too once it can")
  void failedRetireRetried() throws Exception {
    try (SegmentFrameStore s = SegmentFrameStore.open(dir, 20, false, 8_000)) {
      Path blocker = Files.createDirectory(dir.resolve("base.state.tmp")); // no temp file
      putRange(s, 0, 60);
      s.awaitBackground();
      assertThat(segments()).as("left after failed attempts").hasSizeGreaterThan(s.segmentCount());
      Files.delete(blocker);
      putRange(s, 60, 100);
      s.awaitBackground();
      assertThat(segments()).hasSize(s.segmentCount());
      assertThat(s.ledger()).isEqualTo(new Ledger(100, 20, 80, 0, 0));
    }
    try (SegmentFrameStore s = SegmentFrameStore.open(dir, 20, false, 8_000)) {
      assertThat(s.ledger()).isEqualTo(new Ledger(100, 20, 80, 0, 0));
      assertThat(s.put(id(10), frame(10), false)).isEqualTo(FrameStore.Put.DUPLICATE);
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
      putRange(s, 0, 10);
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

  @Test
  @DisplayName(
      "dead segments' files are written over by the next segments, at most two kept spare, and"
          + " nothing a reused file held before comes back at a reopen, even when a kill left it"
          + " renamed as the next segment before its first write")
  void reusedSegments() throws IOException {
    Object firstFile;
    int i = 0;
    try (SegmentFrameStore s = SegmentFrameStore.open(dir, 5, false, 8_000)) {
      firstFile = Files.getAttribute(segments().get(0), "unix:ino");
      while (i < 200 || files("free-").isEmpty()) {
        s.put(id(i), frame(i), false);
        assertThat(files("free-")).hasSizeLessThanOrEqualTo(SegmentFrameStore.KEEP_FREE);
        s.awaitBackground(); // dead segments are renamed for reuse on the flush thread
        i++;
      }
    }
    List<Object> inodes = new ArrayList<>();
    for (Path p : files("")) {
      if (p.getFileName().toString().matches("(seg|free)-.*")) {
        inodes.add(Files.getAttribute(p, "unix:ino"));
      }
    }
    assertThat(inodes)
        .as("the first segment's file, reused under another name")
        .contains(firstFile);
    List<Path> segs = segments();
    for (Path p : segs.subList(0, segs.size() - 1)) {
      assertThat(Files.size(p))
          .as("a closed segment ends with its records")
          .isLessThanOrEqualTo(8_000);
    }
    // a kill right after a spare file was renamed to be the next segment, before its first write
    Path spare = files("free-").get(0);
    String last = segs.get(segs.size() - 1).getFileName().toString();
    long next = Long.parseLong(last.substring(4, 24)) + 1;
    Files.move(spare, dir.resolve(String.format("seg-%020d.log", next)));
    try (SegmentFrameStore s = SegmentFrameStore.open(dir, 5, false, 8_000)) {
      assertThat(s.ids()).containsExactlyElementsOf(ids(i - 5, i));
      assertThat(s.ledger()).isEqualTo(new Ledger(i, 5, i - 5, 0, 0));
      for (int k = i - 5; k < i; k++) {
        assertThat(s.get(id(k))).contains(frame(k));
      }
      assertThat(s.put(id(150), frame(150), false)).isEqualTo(FrameStore.Put.DUPLICATE);
      putRange(s, i, i + 60);
    }
    try (SegmentFrameStore s = SegmentFrameStore.open(dir, 5, false, 8_000)) {
      assertThat(s.ids()).containsExactlyElementsOf(ids(i + 55, i + 60));
      assertThat(s.ledger().balanced()).isTrue();
    }
  }

  @Test
  @DisplayName(
      "a store written in the first record format (a CRC of the body alone) still opens and goes"
          + " on; its segments are deleted when dead, never reused")
  void firstFormatOpens() throws IOException {
    try (SegmentFrameStore s = SegmentFrameStore.open(dir, 100, false, 3_000)) {
      putRange(s, 0, 20);
    }
    List<Path> old = segments();
    assertThat(old).hasSizeGreaterThan(2);
    for (Path p : old) {
      toFirstFormat(p);
    }
    List<String> oldNumbers =
        old.stream().map(o -> o.getFileName().toString().substring(4)).toList();
    boolean kept = false;
    try (SegmentFrameStore s = SegmentFrameStore.open(dir, 5, false, 3_000)) {
      assertThat(s.ids()).containsExactlyElementsOf(ids(15, 20));
      assertThat(s.get(id(19))).contains(frame(19));
      for (int i = 20; i < 60; i++) {
        if (i > 20) {
          s.put(id(i - 1), frame(i - 1), false);
          s.awaitBackground();
        }
        for (Path p : files("free-")) {
          String n = p.getFileName().toString().substring(5);
          assertThat(oldNumbers).as("a first-format segment kept for reuse").doesNotContain(n);
          kept = true;
        }
      }
      s.put(id(59), frame(59), false);
    }
    assertThat(kept).as("segments of the new format are kept for reuse").isTrue();
    try (SegmentFrameStore s = SegmentFrameStore.open(dir, 5, false, 3_000)) {
      assertThat(s.ids()).containsExactlyElementsOf(ids(55, 60));
      assertThat(s.ledger()).isEqualTo(new Ledger(60, 5, 55, 0, 0));
    }
  }
}
