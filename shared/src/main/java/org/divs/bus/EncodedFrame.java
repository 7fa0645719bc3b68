package org.divs.bus;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.divs.source.CalendarFields;
import org.divs.source.Jpeg;

/**
 * One frame as it travels and is stored: its sequence number, stream time, JPEG bytes, optional
 * annotations, the vehicles its source counted for it and its calendar fields (both for the flow
 * series). Immutable: the bytes are copied in and out.
 */
public final class EncodedFrame {
  /** The count of a frame whose source counts nothing. */
  public static final double NO_COUNT = Double.NaN;

  private final long seq;
  private final long timeMs;
  private final byte[] jpeg;
  private final List<Annotation> annotations;
  private final double count;
  private final CalendarFields calendar;

  /** A frame without count or calendar; {@code jpeg} is copied. */
  public EncodedFrame(long seq, long timeMs, byte[] jpeg, List<Annotation> annotations) {
    this(seq, timeMs, jpeg.clone(), annotations, NO_COUNT, null);
  }

  /**
   * A frame; {@code jpeg} is copied.
   *
   * @param seq sequence number within the terminal's incarnation
   * @param timeMs stream time in ms
   * @param jpeg the JPEG bytes, empty for a source without images ({@code flow})
   * @param annotations labelled boxes, possibly none
   * @param count vehicles counted for this frame, or {@link #NO_COUNT}
   * @param calendar calendar fields of the frame's time, or null
   */
  public EncodedFrame(
      long seq,
      long timeMs,
      byte[] jpeg,
      List<Annotation> annotations,
      double count,
      CalendarFields calendar) {
    this(seq, timeMs, jpeg.clone(), annotations, count, calendar, true);
  }

  /** A frame that takes ownership of {@code jpeg} (the caller must not change it again). */
  public static EncodedFrame owning(
      long seq,
      long timeMs,
      byte[] jpeg,
      List<Annotation> annotations,
      double count,
      CalendarFields calendar) {
    return new EncodedFrame(seq, timeMs, jpeg, annotations, count, calendar, true);
  }

  private EncodedFrame(
      long seq,
      long timeMs,
      byte[] jpeg,
      List<Annotation> annotations,
      double count,
      CalendarFields calendar,
      boolean owned) {
    this.seq = seq;
    this.timeMs = timeMs;
    this.jpeg = Objects.requireNonNull(jpeg, "jpeg");
    this.annotations = List.copyOf(annotations);
    this.count = count;
    this.calendar = calendar;
  }

  /** Sequence number within the terminal's incarnation. */
  public long seq() {
    return seq;
  }

  /** Stream time in milliseconds. */
  public long timeMs() {
    return timeMs;
  }

  /** A copy of the JPEG bytes. */
  public byte[] jpeg() {
    return jpeg.clone();
  }

  /** Puts the JPEG bytes into {@code dst} without copying them first. */
  public void copyJpegTo(ByteBuffer dst) {
    dst.put(jpeg);
  }

  /**
   * The structural check at ingest ({@link Jpeg#check}) of this frame's bytes, without copying
   * them: null when they pass, else what is wrong.
   */
  public String checkJpeg(int width, int height) {
    return Jpeg.check(jpeg, width, height);
  }

  /** Size of the JPEG in bytes. */
  public int jpegSize() {
    return jpeg.length;
  }

  /** The annotations, possibly empty. */
  public List<Annotation> annotations() {
    return annotations;
  }

  /** Vehicles counted for this frame, or {@link #NO_COUNT} (NaN). */
  public double count() {
    return count;
  }

  /** Whether this frame carries a count. */
  public boolean hasCount() {
    return !Double.isNaN(count);
  }

  /** Calendar fields of the frame's time, or null. */
  public CalendarFields calendar() {
    return calendar;
  }

  byte[] jpegUnsafe() {
    return jpeg;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncodedFrame f
        && f.seq == seq
        && f.timeMs == timeMs
        && Double.compare(f.count, count) == 0
        && Objects.equals(f.calendar, calendar)
        && Arrays.equals(f.jpeg, jpeg)
        && f.annotations.equals(annotations);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(seq) * 31 + Arrays.hashCode(jpeg);
  }

  @Override
  public String toString() {
    return "EncodedFrame[seq=" + seq + ", " + jpeg.length + " B, " + annotations.size() + " ann]";
  }
}
