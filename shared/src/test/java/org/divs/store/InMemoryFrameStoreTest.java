package org.divs.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.divs.bus.EncodedFrame;
import org.divs.bus.FrameId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("In-memory frame store")
class InMemoryFrameStoreTest {
  private static EncodedFrame frame(long seq) {
    return new EncodedFrame(seq, seq * 100, new byte[] {1, 2, 3}, List.of());
  }

  @Test
  @DisplayName("A frame id is stored once; a resend is a duplicate")
  void putIfAbsent() {
    FrameStore store = new InMemoryFrameStore(10);
    FrameId id = new FrameId("cam", 1, 1);
    assertThat(store.put(id, frame(1), false)).isEqualTo(FrameStore.Put.STORED);
    assertThat(store.put(id, frame(1), false)).isEqualTo(FrameStore.Put.DUPLICATE);
    assertThat(store.size()).isEqualTo(1);
    assertThat(store.ledger()).isEqualTo(new Ledger(1, 1, 0, 0, 0));
  }

  @Test
  @DisplayName("Over capacity the oldest frames are evicted and the ledger balances")
  void evictsOldest() {
    FrameStore store = new InMemoryFrameStore(3);
    for (int i = 0; i < 5; i++) {
      store.put(new FrameId("cam", 1, i), frame(i), false);
    }
    store.put(new FrameId("other", 1, 0), frame(0), true);
    assertThat(store.ids()).extracting(FrameId::seq).containsExactly(3L, 4L, 0L);
    assertThat(store.removeMigrated(new FrameId("cam", 1, 3))).isTrue();
    Ledger l = store.ledger();
    assertThat(l).isEqualTo(new Ledger(5, 2, 3, 1, 1));
    assertThat(l.balanced()).isTrue();
    assertThat(store.put(new FrameId("cam", 1, 0), frame(0), false))
        .as("an evicted frame resent is still a duplicate")
        .isEqualTo(FrameStore.Put.DUPLICATE);
  }
}
