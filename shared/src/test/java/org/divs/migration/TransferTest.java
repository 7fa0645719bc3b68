package org.divs.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.divs.bus.EncodedFrame;
import org.divs.bus.FrameBatch;
import org.divs.bus.FrameId;
import org.divs.bus.FrameTransfer;
import org.divs.store.InMemoryFrameStore;
import org.divs.store.Ledger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A transfer between two edges")
class TransferTest {
  private static final OutboundTransfer.Retry RETRY = new OutboundTransfer.Retry(100, 2, 500, 4);

  private static ChunkPicker.Chunk chunk(String terminal, long index, int frames) {
    List<FrameId> ids = new ArrayList<>();
    for (int i = 0; i < frames; i++) {
      ids.add(new FrameId(terminal, 1, index * 100 + i));
    }
    return new ChunkPicker.Chunk(terminal, 1, index, ids);
  }

  @Test
  @DisplayName("packs whole chunks into batches of at most batchFrames; a larger chunk goes alone")
  void batches() {
    OutboundTransfer t =
        new OutboundTransfer(
            List.of(chunk("a", 0, 10), chunk("a", 1, 10), chunk("a", 2, 40), chunk("b", 0, 5)),
            32,
            RETRY);
    assertThat(t.batchCount()).isEqualTo(3);
    assertThat(t.framesPlanned()).isEqualTo(65);
    assertThat(t.terminals()).containsExactly("a", "b");
    assertThat(t.current().orElseThrow())
        .extracting(ChunkPicker.Chunk::index)
        .containsExactly(0L, 1L);
    t.acked(20);
    assertThat(t.batchNo()).isEqualTo(1);
    assertThat(t.current().orElseThrow()).hasSize(1);
    t.acked(40);
    assertThat(t.current().orElseThrow())
        .extracting(ChunkPicker.Chunk::terminal)
        .containsExactly("b");
    t.acked(5);
    assertThat(t.current()).isEmpty();
    assertThat(t.gaveUp()).isFalse();
    assertThat(t.framesAcked()).isEqualTo(65);
    assertThat(new OutboundTransfer(List.of(), 32, RETRY).batchCount()).isZero();
  }

  @Test
  @DisplayName(
      "resends an unacked batch after a growing wait, and gives up when its attempts run out")
  void retries() {
    OutboundTransfer t =
        new OutboundTransfer(List.of(chunk("a", 0, 10), chunk("a", 1, 30)), 32, RETRY);
    assertThat(t.failed()).contains(100L);
    assertThat(t.batchNo()).isZero();
    assertThat(t.unacked()).as("not given up").isEmpty();
    t.acked(10); // the resend was acked: the next batch starts afresh
    assertThat(t.failed()).contains(100L);
    assertThat(t.failed()).contains(200L);
    assertThat(t.failed()).contains(400L);
    assertThat(t.failed()).isEqualTo(Optional.empty());
    assertThat(t.current()).isEmpty();
    assertThat(t.gaveUp()).isTrue();
    assertThat(t.batchNo()).isEqualTo(1);
    assertThat(t.unacked()).hasSize(30).containsExactlyElementsOf(chunk("a", 1, 30).frames());
    assertThat(t.framesAcked()).isEqualTo(10);
    assertThat(t.resends()).isEqualTo(4);
  }

  @Test
  @DisplayName("the receiver stores a resent batch once, ids kept, counted as migrated in")
  void receiverTakesABatchOnce() {
    byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9};
    List<EncodedFrame> frames =
        List.of(new EncodedFrame(0, 0, jpeg, List.of()), new EncodedFrame(1, 100, jpeg, List.of()));
    FrameTransfer batch =
        new FrameTransfer(
            "p0-s1-s2", 0, "s1", "s2", List.of(new FrameBatch("cam", 3, 0, 1000, 16, 16, frames)));
    InMemoryFrameStore receiver = new InMemoryFrameStore(10);
    List<InboundTransfer.Stored> first = InboundTransfer.store(receiver, batch);
    List<InboundTransfer.Stored> again = InboundTransfer.store(receiver, batch);
    assertThat(InboundTransfer.freshCount(first)).isEqualTo(2);
    assertThat(InboundTransfer.freshCount(again)).isZero();
    assertThat(receiver.ids()).containsExactly(new FrameId("cam", 3, 0), new FrameId("cam", 3, 1));
    Ledger l = receiver.ledger();
    assertThat(l.migratedIn()).isEqualTo(2);
    assertThat(l.acked()).isZero();
    assertThat(l.balanced()).isTrue();
  }
}
