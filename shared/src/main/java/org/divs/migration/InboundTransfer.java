package org.divs.migration;

import java.util.ArrayList;
import java.util.List;
import org.divs.bus.EncodedFrame;
import org.divs.bus.FrameBatch;
import org.divs.bus.FrameId;
import org.divs.bus.FrameTransfer;
import org.divs.store.FrameStore;

/**
 * A receiving edge taking one transfer batch: one durable put-if-absent per chunk, counted as
 * migrated in, ids kept. A frame already seen (a resent batch) is not stored again. Plain Java;
 * blocking (the put writes the store).
 */
public final class InboundTransfer {
  private InboundTransfer() {}

  /**
   * What became of one chunk.
   *
   * @param chunk the chunk as sent
   * @param fresh its frames stored now (their crops are still to be cut)
   */
  public record Stored(FrameBatch chunk, List<EncodedFrame> fresh) {
    /** Copies the list. */
    public Stored {
      fresh = List.copyOf(fresh);
    }
  }

  /** Stores every chunk of {@code transfer}; durable when this returns. */
  public static List<Stored> store(FrameStore store, FrameTransfer transfer) {
    List<Stored> out = new ArrayList<>(transfer.chunks().size());
    for (FrameBatch chunk : transfer.chunks()) {
      List<FrameId> ids = new ArrayList<>(chunk.frames().size());
      for (int i = 0; i < chunk.frames().size(); i++) {
        ids.add(chunk.idOf(i));
      }
      List<FrameStore.Put> puts = store.putAll(ids, chunk.frames(), true);
      List<EncodedFrame> fresh = new ArrayList<>();
      for (int i = 0; i < puts.size(); i++) {
        if (puts.get(i) == FrameStore.Put.STORED) {
          fresh.add(chunk.frames().get(i));
        }
      }
      out.add(new Stored(chunk, fresh));
    }
    return out;
  }

  /** Frames of {@code stored} that were new. */
  public static int freshCount(List<Stored> stored) {
    return stored.stream().mapToInt(s -> s.fresh().size()).sum();
  }
}
