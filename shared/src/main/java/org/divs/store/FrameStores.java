package org.divs.store;

import java.io.IOException;
import java.nio.file.Path;
import org.divs.config.EdgeSpec;

/** Opens the frame store an edge's config describes. Blocking (opens files). */
public final class FrameStores {
  private FrameStores() {}

  /**
   * The edge's store: durable in its directory with the configured engine, or in memory when no
   * directory is given.
   *
   * @throws IOException naming the directory when it cannot be opened
   */
  public static FrameStore open(EdgeSpec.Store s) throws IOException {
    if (s.dir().isEmpty()) {
      return new InMemoryFrameStore(s.capacity());
    }
    Path dir = Path.of(s.dir().get());
    return switch (s.engine()) {
      case SEGMENTS -> SegmentFrameStore.open(dir, s.capacity(), s.fsync());
      case ROCKSDB -> RocksDbFrameStore.open(dir, s.capacity(), s.fsync());
    };
  }
}
