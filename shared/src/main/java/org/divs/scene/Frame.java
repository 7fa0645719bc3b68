package org.divs.scene;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Objects;

/**
 * One rendered frame of the synthetic scene with its ground truth.
 *
 * <p>The image is a new {@link BufferedImage#TYPE_3BYTE_BGR} image owned by this frame; the
 * renderer never touches it again. Callers that share a frame between threads should treat the
 * image as read-only.
 *
 * @param index the frame number in the stream, from 0
 * @param timestampMs the stream time of the frame in milliseconds, {@code round(index * 1000 /
 *     fps)}
 * @param image the pixels
 * @param annotations the vehicles that are labelled in this frame (see {@link
 *     SceneRenderer#setMinVisibility(double)}), far lane first
 * @param entered how many vehicles entered the scene in this frame (the flow events)
 * @param exited how many vehicles fully left the scene in this frame, after crossing it
 */
public record Frame(
    long index,
    long timestampMs,
    BufferedImage image,
    List<Annotation> annotations,
    int entered,
    int exited) {

  /**
   * A frame; copies the annotation list and throws on negative counts.
   *
   * @param index the frame number in the stream
   * @param timestampMs the stream time in milliseconds
   * @param image the pixels
   * @param annotations the labelled vehicles
   * @param entered vehicles that entered in this frame
   * @param exited vehicles that left in this frame
   */
  public Frame {
    Objects.requireNonNull(image, "image");
    annotations = List.copyOf(annotations);
    if (index < 0 || entered < 0 || exited < 0) {
      throw new IllegalArgumentException("negative index or count");
    }
  }

  /**
   * The frame width.
   *
   * @return the image width in pixels
   */
  public int width() {
    return image.getWidth();
  }

  /**
   * The frame height.
   *
   * @return the image height in pixels
   */
  public int height() {
    return image.getHeight();
  }
}
