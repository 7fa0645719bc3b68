package org.divs.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.divs.bus.EncodedFrame;
import org.divs.bus.FrameBatch;
import org.divs.bus.FrameId;
import org.divs.source.CalendarFields;
import org.divs.source.Jpeg;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Batch ingest at the edge")
class BatchIngestTest {
  @TempDir Path dir;

  private static byte[] jpeg(int w, int h) {
    return Jpeg.encode(new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR), 0.8f);
  }

  @Test
  @DisplayName(
      "bad frames are refused by id and cause, the rest stored in one write with their counts;"
          + " a resend is all duplicates")
  void refusesAndStores() throws IOException {
    byte[] good = jpeg(64, 48);
    FrameBatch batch =
        new FrameBatch(
            "cam-1",
            2,
            0,
            1000,
            64,
            48,
            List.of(
                new EncodedFrame(0, 0, good, List.of(), 3.0, new CalendarFields(61, 2, false)),
                new EncodedFrame(1, 100, Arrays.copyOf(good, 10), List.of()),
                new EncodedFrame(2, 200, new byte[] {1, 2, 3, 4, 5}, List.of()),
                new EncodedFrame(3, 300, good, List.of())));
    try (RocksDbFrameStore s = RocksDbFrameStore.open(dir, 100, false)) {
      BatchIngest.Outcome out = BatchIngest.store(s, batch, 64, 48, true);
      assertThat(out.fresh()).extracting(EncodedFrame::seq).containsExactly(0L, 3L);
      assertThat(out.duplicates()).isZero();
      assertThat(out.refused())
          .hasSize(2)
          .satisfiesExactly(
              r -> assertThat(r).contains("cam-1/2/1", "end-of-image"),
              r -> assertThat(r).contains("cam-1/2/2", "start-of-image"));
      EncodedFrame stored = s.get(new FrameId("cam-1", 2, 0)).orElseThrow();
      assertThat(stored.count()).isEqualTo(3.0);
      assertThat(stored.calendar()).isEqualTo(new CalendarFields(61, 2, false));
      BatchIngest.Outcome again = BatchIngest.store(s, batch, 64, 48, true);
      assertThat(again.fresh()).isEmpty();
      assertThat(again.held()).hasSize(2);
      assertThat(again.duplicates()).isEqualTo(2);
      assertThat(s.ledger()).isEqualTo(new Ledger(2, 2, 0, 0, 0));
    }
  }

  @Test
  @DisplayName("a count-only source (flow) sends empty frames; bytes from it are refused")
  void countOnly() {
    FrameBatch batch =
        new FrameBatch(
            "pems",
            1,
            0,
            300_000,
            320,
            180,
            List.of(
                new EncodedFrame(0, 0, new byte[0], List.of(), 62, null),
                new EncodedFrame(1, 1, new byte[] {1}, List.of(), 61, null)));
    InMemoryFrameStore s = new InMemoryFrameStore(10);
    BatchIngest.Outcome out = BatchIngest.store(s, batch, 320, 180, false);
    assertThat(out.fresh()).extracting(EncodedFrame::seq).containsExactly(0L);
    assertThat(out.refused()).singleElement().asString().contains("pems/1/1");
  }

  @Test
  @DisplayName(
      "a batch larger than the room left evicts the oldest frames, its own included; repeated ids"
          + " in one batch are duplicates; the ledger balances")
  void batchOverCapacity() throws IOException {
    try (RocksDbFrameStore s = RocksDbFrameStore.open(dir, 3, false)) {
      s.put(RocksDbFrameStoreTest.id(0), RocksDbFrameStoreTest.frame(0, 100), false);
      List<FrameId> ids =
          List.of(
              RocksDbFrameStoreTest.id(1),
              RocksDbFrameStoreTest.id(2),
              RocksDbFrameStoreTest.id(2),
              RocksDbFrameStoreTest.id(3),
              RocksDbFrameStoreTest.id(4),
              RocksDbFrameStoreTest.id(5));
      List<EncodedFrame> frames =
          ids.stream().map(i -> RocksDbFrameStoreTest.frame(i.seq(), 100)).toList();
      assertThat(s.putAll(ids, frames, false))
          .containsExactly(
              FrameStore.Put.STORED,
              FrameStore.Put.STORED,
              FrameStore.Put.DUPLICATE,
              FrameStore.Put.STORED,
              FrameStore.Put.STORED,
              FrameStore.Put.STORED);
      assertThat(s.ids()).extracting(FrameId::seq).containsExactly(3L, 4L, 5L);
      assertThat(s.ledger()).isEqualTo(new Ledger(6, 3, 3, 0, 0));
    }
    try (RocksDbFrameStore s = RocksDbFrameStore.open(dir, 3, false)) {
      assertThat(s.ledger()).isEqualTo(new Ledger(6, 3, 3, 0, 0));
    }
  }
}
