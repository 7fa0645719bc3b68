package org.divs.motion;

import java.util.List;

/**
 * What one frame showed.
 *
 * @param timeMs stream time of the frame
 * @param moving the tracked moving blobs (bounding boxes to crop for live inference)
 * @param crossings the counting-line crossings completed at this frame
 */
public record MotionResult(long timeMs, List<Blob> moving, List<Crossing> crossings) {
  /** Copies the lists. */
  public MotionResult {
    moving = List.copyOf(moving);
    crossings = List.copyOf(crossings);
  }
}
