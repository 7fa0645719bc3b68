package org.divs.bus;

import java.util.Arrays;
import java.util.List;

/**
 * One frame as it travels and is stored: its sequence number, stream time, JPEG bytes and optional
 * annotations. Immutable: the bytes are copied in and out.
 */
public final class EncodedFrame {
  private final long seq;
  private final long timeMs;
  private final byte[] jpeg;
  private final List<Annotation> annotations;

  /** A frame; {@code jpeg} is copied. */
  public EncodedFrame(long seq, long timeMs, byte[] jpeg, List<Annotation> annotations) {
    this(seq, timeMs, jpeg.clone(), annotations, true);
  }

  private EncodedFrame(
      long seq, long timeMs, byte[] jpeg, List<Annotation> annotations, boolean o) {
    this.seq = seq;
    this.timeMs = timeMs;
    this.jpeg = jpeg;
    this.annotations = List.copyOf(annotations);
  }

  /** A frame that takes ownership of {@code jpeg} (the caller must not change it again). */
  static EncodedFrame owning(long seq, long timeMs, byte[] jpeg, List<Annotation> annotations) {
    return new EncodedFrame(seq, timeMs, jpeg, annotations, true);
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

  /** Size of the JPEG in bytes. */
  public int jpegSize() {
    return jpeg.length;
  }

  /** The annotations, possibly empty. */
  public List<Annotation> annotations() {
    return annotations;
  }

  byte[] jpegUnsafe() {
    return jpeg;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncodedFrame f
        && f.seq == seq
        && f.timeMs == timeMs
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
