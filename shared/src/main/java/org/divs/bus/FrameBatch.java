package org.divs.bus;

import java.util.List;

/**
 * One chunk of a terminal's stream: the frames of one stride, sent once to the terminal's edge and
 * acknowledged after the durable put.
 *
 * @param terminal the sending terminal
 * @param incarnation the terminal's incarnation
 * @param chunkStartMs stream time of the chunk's start
 * @param chunkEndMs stream time of the chunk's end (exclusive)
 * @param width declared frame width
 * @param height declared frame height
 * @param frames the frames, in sequence order
 */
public record FrameBatch(
    String terminal,
    long incarnation,
    long chunkStartMs,
    long chunkEndMs,
    int width,
    int height,
    List<EncodedFrame> frames) {
  /** Defensive copy of the frame list. */
  public FrameBatch {
    frames = List.copyOf(frames);
  }

  /** The id of frame {@code i} of this batch. */
  public FrameId idOf(int i) {
    return new FrameId(terminal, incarnation, frames.get(i).seq());
  }
}
