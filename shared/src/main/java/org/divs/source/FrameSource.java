package org.divs.source;

import java.io.IOException;

/** A terminal's frame source: a camera, a file, a folder, a scene. Blocking: call on a worker. */
public interface FrameSource extends AutoCloseable {
  /** The next frame, or null at the end of the stream. */
  SourceFrame next() throws IOException;

  /** Frames per second of stream time. */
  double fps();

  @Override
  default void close() {}
}
