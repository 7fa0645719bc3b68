package org.divs.migration;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.divs.bus.FrameTransfer;
import org.divs.bus.TransferAck;

/**
 * The windows a receiving edge named in the acks of its latest transfer batches. A batch sent again
 * because its ack was lost completes no window the second time, so its new ack repeats what the
 * lost one named, and the donor still drops those windows' steps. Plain Java; not thread-safe (the
 * receiving edge's one context).
 */
public final class ReceivedBatches {
  private final Map<String, List<TransferAck.CountedWindow>> named;

  /** Remembers the acks of the latest {@code batches} batches. */
  public ReceivedBatches(int batches) {
    if (batches < 1) {
      throw new IllegalArgumentException("batches must be at least 1, was " + batches);
    }
    named =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(
              Map.Entry<String, List<TransferAck.CountedWindow>> eldest) {
            return size() > batches;
          }
        };
  }

  /**
   * The windows the ack of {@code transfer} names: {@code counted} (from {@link
   * InboundTransfer#counted}) and whatever an earlier ack of the same batch named.
   */
  public List<TransferAck.CountedWindow> ack(
      FrameTransfer transfer, List<TransferAck.CountedWindow> counted) {
    String key = transfer.from() + "/" + transfer.transferId() + "/" + transfer.batchNo();
    Set<TransferAck.CountedWindow> all = new LinkedHashSet<>(named.getOrDefault(key, List.of()));
    all.addAll(counted);
    List<TransferAck.CountedWindow> out = List.copyOf(all);
    named.put(key, out);
    return out;
  }
}
