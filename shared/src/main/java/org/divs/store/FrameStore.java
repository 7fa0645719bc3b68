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
