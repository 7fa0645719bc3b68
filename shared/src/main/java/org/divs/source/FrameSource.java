package org.divs.source;

import java.io.IOException;
import java.util.List;

/** A terminal's frame source: a camera, a file, a folder, a scene. Blocking: call on a worker. */
public interface FrameSource extends AutoCloseable {
  /** The next frame, or null at the end of the stream. */
  SourceFrame next() throws IOException;

  /** Frames per second of stream time. */
  double fps();

  /**
   * What the source skipped since the last call (an unreadable image, a bad CSV row), one message
   * each naming the file and the cause, oldest first.
   */
  default List<String> drainErrors() {
    return List.of();
  }

  @Override
  default void close() {}
}
