package org.divs.config;

import java.util.Objects;
import java.util.Optional;

/**
 * An edge node: a street edge (a leaf: stores frames and trains) or an aggregator (has child
 * edges).
 *
 * @param id unit id, shared namespace with the cloud and terminals
 * @param parent id of the cloud or of another edge
 * @param node name of the node (JVM) the edge runs in
 * @param speed emulated hardware speed in (0, 1]; measured CPU time is divided by it
 * @param store the frame store of this edge
 */
public record EdgeSpec(String id, String parent, String node, double speed, Store store) {

  /** Checks that every part is present. */
  public EdgeSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(store, "store");
  }

  /**
   * The write-ahead frame store of an edge.
   *
   * @param capacity the most frames held before the oldest are evicted
   * @param dir directory of the durable store (RocksDB); empty: frames are held in memory only
   * @param fsync whether each stored batch also waits for fsync (survives a power cut, not only a
   *     process kill)
   * @param engine how the durable store keeps its files
   */
  public record Store(int capacity, Optional<String> dir, boolean fsync, Engine engine) {

    /** Checks that every part is present. */
    public Store {
      Objects.requireNonNull(dir, "dir");
      Objects.requireNonNull(engine, "engine");
    }

    /** An in-memory store of {@code capacity} frames. */
    public static Store inMemory(int capacity) {
      return new Store(capacity, Optional.empty(), false, Engine.SEGMENTS);
    }

    /** The engines of a durable store; the JSON names are the lower-case constant names. */
    public enum Engine {
      /** Append-only segment files with an index rebuilt at open. */
      SEGMENTS,
      /** RocksDB (write-ahead log, blob files for the frames). */
      ROCKSDB
    }
  }
}
