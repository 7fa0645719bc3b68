package org.divs.migration;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.divs.bus.EncodedFrame;
import org.divs.bus.FrameBatch;
import org.divs.bus.FrameId;
import org.divs.bus.FrameTransfer;
import org.divs.bus.TransferAck;
import org.divs.store.FrameStore;
import org.divs.train.SeriesStore;
import org.divs.window.Window;

/**
 * A receiving edge taking one transfer batch: one durable put-if-absent per chunk, counted as
 * migrated in, ids kept. A frame already seen (a resent batch) is not stored again. The ack names
 * the windows the receiver counts now ({@link #counted}). Plain Java; blocking (the put writes the
 * store).
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

  /**
   * The windows of {@code transfer}'s terminals the receiver counts, for its ack: those the batch
   * completed that have a count, and every step of the receiver's series whose window holds a chunk
   * of the batch (a batch sent again, its first ack lost, completes none again).
   *
   * @param transfer the batch
   * @param completed the windows absorbing its chunks completed
   * @param series the receiver's count series, the completed windows added
   * @return the windows, each once
   */
  public static List<TransferAck.CountedWindow> counted(
      FrameTransfer transfer, List<Window> completed, SeriesStore series) {
    Set<TransferAck.CountedWindow> out = new LinkedHashSet<>();
    for (Window w : completed) {
      if (!Double.isNaN(w.count())) {
        out.add(new TransferAck.CountedWindow(w.terminal(), w.incarnation(), w.startMs()));
      }
    }
    for (FrameBatch chunk : transfer.chunks()) {
      for (long start :
          series.overlapping(
              chunk.terminal(), chunk.incarnation(), chunk.chunkStartMs(), chunk.chunkEndMs())) {
        out.add(new TransferAck.CountedWindow(chunk.terminal(), chunk.incarnation(), start));
      }
    }
    return List.copyOf(out);
  }

  /** Frames of {@code stored} that were new. */
  public static int freshCount(List<Stored> stored) {
    return stored.stream().mapToInt(s -> s.fresh().size()).sum();
  }
}
