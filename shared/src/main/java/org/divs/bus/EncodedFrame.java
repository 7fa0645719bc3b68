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
 * series). Immutable: the bytes are copied in and out, except that a frame read from a message
 * reads its bytes in place, from the message's own array (see {@link #compact}).
 */
public final class EncodedFrame {
  /** The count of a frame whose source counts nothing. */
  public static final double NO_COUNT = Double.NaN;

  private final long seq;
  private final long timeMs;
  private final byte[] jpeg;
  private final int offset;
  private final int length;
  private final List<Annotation> annotations;
  private final double count;
  private final CalendarFields calendar;

  /** A frame without count or calendar; {@code jpeg} is copied. */
  public EncodedFrame(long seq, long timeMs, byte[] jpeg, List<Annotation> annotations) {
    this(seq, timeMs, jpeg.clone(), 0, jpeg.length, annotations, NO_COUNT, null);
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
    this(seq, timeMs, jpeg.clone(), 0, jpeg.length, annotations, count, calendar);
  }

  /** A frame that takes ownership of {@code jpeg} (the caller must not change it again). */
  public static EncodedFrame owning(
      long seq,
      long timeMs,
      byte[] jpeg,
      List<Annotation> annotations,
      double count,
      CalendarFields calendar) {
    return new EncodedFrame(seq, timeMs, jpeg, 0, jpeg.length, annotations, count, calendar);
  }

  /**
   * A frame whose JPEG bytes are {@code length} bytes of {@code array} from {@code offset}, read in
   * place: for a received message's array, which belongs to that message and is never written
   * again.
   */
  static EncodedFrame sharing(
      long seq,
      long timeMs,
      byte[] array,
      int offset,
      int length,
      List<Annotation> annotations,
      double count,
      CalendarFields calendar) {
    Objects.checkFromIndexSize(offset, length, array.length);
    return new EncodedFrame(seq, timeMs, array, offset, length, annotations, count, calendar);
  }

  private EncodedFrame(
      long seq,
      long timeMs,
      byte[] jpeg,
      int offset,
      int length,
      List<Annotation> annotations,
      double count,
      CalendarFields calendar) {
    this.seq = seq;
    this.timeMs = timeMs;
    this.jpeg = Objects.requireNonNull(jpeg, "jpeg");
    this.offset = offset;
    this.length = length;
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
    return Arrays.copyOfRange(jpeg, offset, offset + length);
  }

  /** Puts the JPEG bytes into {@code dst} without copying them first. */
  public void copyJpegTo(ByteBuffer dst) {
    dst.put(jpeg, offset, length);
  }

  /**
   * This frame holding only its own bytes: itself, or, for a frame read in place from a message, a
   * copy, so that a frame kept for long does not keep the rest of the message in memory.
   */
  public EncodedFrame compact() {
    if (offset == 0 && length == jpeg.length) {
      return this;
    }
    return new EncodedFrame(seq, timeMs, jpeg(), 0, length, annotations, count, calendar);
  }

  /**
   * The structural check at ingest ({@link Jpeg#check}) of this frame's bytes, without copying
   * them: null when they pass, else what is wrong.
   */
  public String checkJpeg(int width, int height) {
    return Jpeg.check(jpeg, offset, length, width, height);
  }

  /** Size of the JPEG in bytes. */
  public int jpegSize() {
    return length;
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

  /** Writes the JPEG bytes, length first, straight from where they are. */
  void writeJpeg(WireWriter w) {
    w.bytes(jpeg, offset, length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncodedFrame f
        && f.seq == seq
        && f.timeMs == timeMs
        && Double.compare(f.count, count) == 0
        && Objects.equals(f.calendar, calendar)
        && Arrays.equals(f.jpeg, f.offset, f.offset + f.length, jpeg, offset, offset + length)
        && f.annotations.equals(annotations);
  }

  @Override
  public int hashCode() {
    int h = Long.hashCode(seq);
    for (int i = offset; i < offset + length; i++) {
      h = 31 * h + jpeg[i];
    }
    return h;
  }

  @Override
  public String toString() {
    return "EncodedFrame[seq=" + seq + ", " + length + " B, " + annotations.size() + " ann]";
  }
}
