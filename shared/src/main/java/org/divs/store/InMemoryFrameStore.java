package org.divs.store;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.divs.bus.EncodedFrame;
import org.divs.bus.FrameId;

/**
 * A {@link FrameStore} in memory: durable only as long as the process lives. Thread-safe; every
 * method is synchronized. Remembers every id it has seen so a resent frame is a duplicate even
 * after eviction.
 */
public final class InMemoryFrameStore implements FrameStore {
  private final long capacity;
  private final LinkedHashMap<FrameId, EncodedFrame> frames = new LinkedHashMap<>();
  private final Set<FrameId> seen = new HashSet<>();
  private long acked;
  private long evicted;
  private long migratedOut;
  private long migratedIn;

  /** A store holding at most {@code capacity} frames. */
  public InMemoryFrameStore(long capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.capacity = capacity;
  }

  @Override
  public synchronized Put put(FrameId id, EncodedFrame frame, boolean migrated) {
    if (!seen.add(id)) {
      return Put.DUPLICATE;
    }
    if (migrated) {
      migratedIn++;
    } else {
      acked++;
    }
    frames.put(id, frame.compact()); // a frame read from a message would keep all of it
    while (frames.size() > capacity) {
      Map.Entry<FrameId, EncodedFrame> oldest = frames.entrySet().iterator().next();
      frames.remove(oldest.getKey());
      evicted++;
    }
    return Put.STORED;
  }

  @Override
  public synchronized List<Put> putAll(
      List<FrameId> ids, List<EncodedFrame> batch, boolean migrated) {
    return FrameStore.super.putAll(ids, batch, migrated);
  }

  @Override
  public synchronized Optional<EncodedFrame> get(FrameId id) {
    return Optional.ofNullable(frames.get(id));
  }

  @Override
  public synchronized List<FrameId> ids() {
    return new ArrayList<>(frames.keySet());
  }

  @Override
  public synchronized boolean removeMigrated(FrameId id) {
    if (frames.remove(id) == null) {
      return false;
    }
    migratedOut++;
    return true;
  }

  @Override
  public synchronized long size() {
    return frames.size();
  }

  @Override
  public long capacity() {
    return capacity;
  }

  @Override
  public synchronized Ledger ledger() {
    return new Ledger(acked, frames.size(), evicted, migratedOut, migratedIn);
  }

  @Override
  public void close() {}
}
