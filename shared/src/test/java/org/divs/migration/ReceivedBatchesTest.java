package org.divs.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.divs.bus.FrameTransfer;
import org.divs.bus.TransferAck.CountedWindow;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A receiver's memory of what its transfer acks named")
class ReceivedBatchesTest {
  private static FrameTransfer batch(String from, String id, int no) {
    return new FrameTransfer(id, no, from, "street-2", List.of());
  }

  private static CountedWindow w(long startMs) {
    return new CountedWindow("cam-1", 1, startMs);
  }

  @Test
  @DisplayName(
      "a batch sent again is answered with what its first ack named and more; other batches and"
          + " donors are apart; the oldest batch is forgotten past the limit")
  void repeatsAnAckForABatchSentAgain() {
    ReceivedBatches acks = new ReceivedBatches(2);
    assertThat(acks.ack(batch("street-1", "t1", 0), List.of(w(0), w(1000))))
        .containsExactly(w(0), w(1000));
    assertThat(acks.ack(batch("street-1", "t1", 0), List.of(w(1000), w(2000))))
        .containsExactly(w(0), w(1000), w(2000));
    assertThat(acks.ack(batch("street-1", "t1", 1), List.of())).isEmpty();
    assertThat(acks.ack(batch("street-3", "t1", 0), List.of())).as("another donor").isEmpty();
    assertThat(acks.ack(batch("street-1", "t1", 0), List.of()))
        .as("forgotten: two batches came since")
        .isEmpty();
    assertThatThrownBy(() -> new ReceivedBatches(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
