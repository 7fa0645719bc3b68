package org.divs.source;

import java.util.List;
import org.divs.bus.Annotation;

/**
 * One frame produced by a source, before the terminal numbers it.
 *
 * <p>A frame of a {@code flow} source carries no image: its {@code jpeg} is empty, and the row's
 * value is in {@code count} and its calendar in {@code calendar}. A {@code video} source with a
 * motion counter puts the vehicles counted since its previous frame in {@code count}; a {@code
 * synthetic} source the vehicles that entered the scene since its previous frame. Sources that
 * count nothing leave {@code count} at {@link #NO_COUNT} (NaN).
 *
 * @param timeMs stream time in ms
 * @param jpeg the JPEG bytes (owned by the receiver), empty when the source has no image
 * @param annotations labelled boxes, possibly none
 * @param count vehicles counted for this frame, or {@link #NO_COUNT}
 * @param calendar calendar fields of the frame's time, or null when the source has none
 */
public record SourceFrame(
    long timeMs, byte[] jpeg, List<Annotation> annotations, double count, CalendarFields calendar) {

  /** The count of a frame whose source counts nothing. */
  public static final double NO_COUNT = Double.NaN;

  /** A frame without count or calendar. */
  public SourceFrame(long timeMs, byte[] jpeg, List<Annotation> annotations) {
    this(timeMs, jpeg, annotations, NO_COUNT, null);
  }

  /** Whether this frame carries a count. */
  public boolean hasCount() {
    return !Double.isNaN(count);
  }

  /** Whether this frame carries an image. */
  public boolean hasImage() {
    return jpeg.length > 0;
  }
}
