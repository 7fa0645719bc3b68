package org.divs.config;

import java.util.Objects;

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
   * @param dir directory of the store files
   */
  public record Store(int capacity, String dir) {

    /** Checks that the directory is present. */
    public Store {
      Objects.requireNonNull(dir, "dir");
    }
  }
}
