package org.divs.store;

import java.util.List;
import java.util.Optional;
import org.divs.bus.EncodedFrame;
import org.divs.bus.FrameId;

/**
 * An edge's frame store: put-if-absent by frame id, durable when a put returns, bounded with the
 * oldest frames evicted first, and a {@link Ledger} that always balances.
 */
public interface FrameStore extends AutoCloseable {
  /** Outcome of a put. */
  enum Put {
    /** The frame was new and is now stored. */
    STORED,
    /** A frame with this id was already stored (or stored before and since evicted/moved). */
    DUPLICATE
  }

  /**
   * Stores the frame unless its id was seen before. Counts toward {@code acked} (from a terminal)
   * or {@code migratedIn} (from another edge). May evict the oldest frames to stay within capacity.
   */
  Put put(FrameId id, EncodedFrame frame, boolean migrated);

  /**
   * Stores the frames of one batch whose ids were not seen before, as {@link #put} does each, in
   * order; durable together when this returns (a store may write them in one atomic write).
   *
   * @return the outcome of each frame, in order
   */
  default List<Put> putAll(List<FrameId> ids, List<EncodedFrame> frames, boolean migrated) {
    if (ids.size() != frames.size()) {
      throw new IllegalArgumentException(ids.size() + " ids for " + frames.size() + " frames");
    }
    List<Put> out = new java.util.ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      out.add(put(ids.get(i), frames.get(i), migrated));
    }
    return out;
  }

  /** The stored frame, if held. */
  Optional<EncodedFrame> get(FrameId id);

  /** Ids of the frames held now, oldest first. */
  List<FrameId> ids();

  /** Removes a frame that another edge has acknowledged receiving; false if it was not held. */
  boolean removeMigrated(FrameId id);

  /** Frames held now. */
  long size();

  /** The most frames held at once. */
  long capacity();

  /** The current accounting. */
  Ledger ledger();

  @Override
  void close();
}
